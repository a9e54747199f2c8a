import Foundation

/// A run's lock in the journal, held by this process and renewed in the background until it is released.
///
/// The journal refuses the lock to a second process while this one lives (on the same machine) or keeps renewing
/// it (from another machine); a process that dies without releasing it leaves a lock the next one may take.
public final class RunLease: Sendable {
    /// The run locked.
    public let runID: RunID
    /// This process, as the journal knows it.
    public let holder: RunLockHolder
    private let journal: any JournalStore
    private let heartbeat: Task<Void, Never>

    private init(runID: RunID, holder: RunLockHolder, journal: any JournalStore) {
        self.runID = runID
        self.holder = holder
        self.journal = journal
        heartbeat = Task {
            let interval = Duration.seconds(RunLockHolder.lease / 4)
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { return }
                // A failed renewal is retried at the next beat; the lease outlives three of them.
                try? await journal.lockRun(runID, holder: holder, at: Date())
            }
        }
    }

    /// Takes the run's lock; throws `JournalError.runLocked` when another process holds it.
    public static func take(
        _ runID: RunID, in journal: any JournalStore, as holder: RunLockHolder = .thisProcess()
    ) async throws -> RunLease {
        try await journal.lockRun(runID, holder: holder, at: Date())
        return RunLease(runID: runID, holder: holder, journal: journal)
    }

    /// Stops renewing the lock and releases it.
    public func release() async {
        heartbeat.cancel()
        try? await journal.unlockRun(runID, holder: holder)
    }

    deinit { heartbeat.cancel() }
}
