import Execution
import GRDB

/// The single writer of item records: it gathers records into batches and commits each batch in one transaction.
///
/// Group commit: callers that need durability wait for the batch that holds their records; callers that do not
/// return at once, and their records are committed when the batch is full, after `flushDelay`, or with the next
/// durable record, whichever comes first. While one batch is being written, the next one fills up, so many
/// concurrent durable records share one transaction and one sync to disk.
actor JournalBatchWriter {
    private let pool: DatabasePool
    private let path: String
    private let batchLimit: Int
    private let flushDelay: Duration

    private var pending: [ItemRecord] = []
    /// Callers waiting for everything pending when they asked to be committed.
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var isWriting = false
    private var delayedFlush: Task<Void, Never>?
    /// The failure of a batch that nobody was waiting for, reported to the next caller.
    private var unreportedFailure: (any Error)?
    /// Runs known to exist, so that checking an item's run costs no read after the first.
    private var knownRuns: Set<RunID> = []

    init(pool: DatabasePool, path: String, batchLimit: Int, flushDelay: Duration) {
        self.pool = pool
        self.path = path
        self.batchLimit = max(1, batchLimit)
        self.flushDelay = flushDelay
    }

    /// Notes that `run` exists, once `beginRun` committed it.
    func noteRunExists(_ run: RunID) {
        knownRuns.insert(run)
    }

    /// Queues `items`; with `durable`, or when the batch is full, returns once they are committed.
    func record(_ items: [ItemRecord], durable: Bool) async throws {
        try reportFailure()
        try await checkRunsExist(items)
        pending.append(contentsOf: items)
        // A full batch makes its caller wait too, so a fast producer cannot grow the queue without bound.
        if durable || pending.count >= batchLimit {
            try await commitPending()
        } else if delayedFlush == nil {
            delayedFlush = Task { [flushDelay] in
                // Cancelled when a batch was written meanwhile: a newer timer may already be set, so leave it be.
                do { try await Task.sleep(for: flushDelay) } catch { return }
                self.delayedFlushFired()
            }
        }
    }

    /// Returns once every item queued before the call is committed.
    func flush() async throws {
        try reportFailure()
        guard isWriting || !pending.isEmpty else { return }
        try await commitPending()
    }

    private func commitPending() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            waiters.append(continuation)
            startWritingIfIdle()
        }
    }

    private func delayedFlushFired() {
        delayedFlush = nil
        startWritingIfIdle()
    }

    private func startWritingIfIdle() {
        guard !isWriting, !pending.isEmpty || !waiters.isEmpty else { return }
        isWriting = true
        Task { await self.writeBatches() }
    }

    /// Commits batches until nothing is pending; each waiter is resumed after the batch that was pending when it
    /// arrived (or a later one) is committed.
    private func writeBatches() async {
        while !pending.isEmpty || !waiters.isEmpty {
            delayedFlush?.cancel()
            delayedFlush = nil
            let batch = pending
            let batchWaiters = waiters
            pending = []
            waiters = []
            var failure: (any Error)?
            do {
                if !batch.isEmpty { try await write(batch) }
            } catch {
                failure = JournalError.storageFailed(path: path, reason: "\(error)")
            }
            // A waiter whose records were in an earlier, failed batch that nobody waited for must hear of it.
            if failure == nil, !batchWaiters.isEmpty, let earlier = unreportedFailure {
                failure = earlier
                unreportedFailure = nil
            }
            if let failure {
                if batchWaiters.isEmpty { unreportedFailure = failure }
                for waiter in batchWaiters { waiter.resume(throwing: failure) }
            } else {
                for waiter in batchWaiters { waiter.resume() }
            }
        }
        isWriting = false
    }

    private func write(_ batch: [ItemRecord]) async throws {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: JournalSchema.upsertItem)
            for item in batch {
                // The arguments always match the statement's twelve placeholders, so GRDB need not check them.
                statement.setUncheckedArguments(JournalRows.arguments(of: item))
                try statement.execute()
            }
        }
    }

    private func reportFailure() throws {
        if let failure = unreportedFailure {
            unreportedFailure = nil
            throw failure
        }
    }

    private func checkRunsExist(_ items: [ItemRecord]) async throws {
        let unchecked = Set(items.map(\.runID)).subtracting(knownRuns)
        guard !unchecked.isEmpty else { return }
        let found = try await pool.read { db in
            try unchecked.filter { run in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.rawValue])
                    ?? false
            }
        }
        knownRuns.formUnion(found)
        if let missing = unchecked.subtracting(found).min() { throw JournalError.unknownRun(missing) }
    }
}
