public import Foundation
import Synchronization

/// Live counts of a run, step by step, for the progress display; updated by the executor as items finish.
public final class RunProgress: Sendable {
    /// The counts of one step.
    public struct StepCounts: Sendable, Hashable {
        /// The step's id.
        public var stepID: String
        /// How many items the step has, once known.
        public var total: Int?
        /// Items confirmed in this run (written, read, or found unchanged).
        public var done = 0
        /// Items confirmed by an earlier attempt of the run (resume).
        public var restored = 0
        /// Items skipped (`when:` false, or an item they depend on failed).
        public var skipped = 0
        /// Items that failed or whose outcome is in doubt.
        public var failed = 0
        /// Items being worked on now.
        public var inFlight = 0
        /// Why the step did not run, if it did not.
        public var blockedReason: String?

        /// Items with an outcome.
        public var finished: Int { done + restored + skipped + failed }
    }

    private let counts: Mutex<[StepCounts]>
    /// When the run (or this resume of it) started.
    public let startedAt: Date

    /// Progress for the steps, in the order they are shown.
    public init(stepIDs: [String], startedAt: Date = Date()) {
        counts = Mutex(stepIDs.map { StepCounts(stepID: $0) })
        self.startedAt = startedAt
    }

    /// A copy of every step's counts.
    public var snapshot: [StepCounts] { counts.withLock { $0 } }

    /// Changes one step's counts.
    func update(_ stepID: String, _ change: (inout StepCounts) -> Void) {
        counts.withLock { all in
            guard let index = all.firstIndex(where: { $0.stepID == stepID }) else { return }
            change(&all[index])
        }
    }
}
