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
        /// The progress of the job Canvas runs for the step, when it has one: `SIS import 17: 42%`.
        public var jobProgress: String?
        /// The step whose items this one iterates, one for one: its total is this step's.
        public var iterates: String?

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

    /// A copy of every step's counts; a step that iterates another has that step's total.
    public var snapshot: [StepCounts] {
        var steps = counts.withLock { $0 }
        let totals = Dictionary(steps.map { ($0.stepID, $0.total) }, uniquingKeysWith: { first, _ in first })
        for index in steps.indices where steps[index].total == nil {
            var source = steps[index].iterates
            var hops = 0
            while let id = source, hops < steps.count {
                if let total = totals[id] ?? nil {
                    steps[index].total = total
                    break
                }
                source = steps.first { $0.stepID == id }?.iterates
                hops += 1
            }
        }
        return steps
    }

    /// Changes one step's counts.
    func update(_ stepID: String, _ change: (inout StepCounts) -> Void) {
        counts.withLock { all in
            guard let index = all.firstIndex(where: { $0.stepID == stepID }) else { return }
            change(&all[index])
        }
    }
}
