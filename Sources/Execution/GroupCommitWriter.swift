/// The single writer of a journal's item records: it gathers records into batches and commits each batch in one
/// transaction, through the store's own `write`.
///
/// Group commit: callers that need durability wait for the batch that holds their records; the others return at
/// once, and their records are committed when the batch is full, after `flushDelay`, or with the next durable record,
/// whichever comes first. While one batch is being written, the next one fills up, so many concurrent durable
/// records share one transaction and one sync to disk. Both journal stores (SQLite and PostgreSQL) use it.
public actor GroupCommitWriter {
    /// Upserts one batch in one transaction.
    public typealias Write = @Sendable ([ItemRecord]) async throws -> Void
    /// Of the given runs, those that exist.
    public typealias Existing = @Sendable (Set<RunID>) async throws -> Set<RunID>

    private let write: Write
    private let existing: Existing
    private let describeFailure: @Sendable (any Error) -> JournalError
    private let batchLimit: Int
    private let flushDelay: Duration

    private var pending: [ItemRecord] = []
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var isWriting = false
    private var delayedFlush: Task<Void, Never>?
    /// The failure of a batch that nobody was waiting for, reported to the next caller.
    private var unreportedFailure: (any Error)?
    /// Runs known to exist, so that checking an item's run costs no query after the first.
    private var knownRuns: Set<RunID> = []

    /// A writer committing batches of at most `batchLimit` records with `write`, a partial batch after `flushDelay`;
    /// `existing` tells which runs exist, and `describeFailure` turns a storage error into a journal error.
    public init(
        batchLimit: Int, flushDelay: Duration, write: @escaping Write, existing: @escaping Existing,
        describeFailure: @escaping @Sendable (any Error) -> JournalError
    ) {
        self.batchLimit = max(1, batchLimit)
        self.flushDelay = flushDelay
        self.write = write
        self.existing = existing
        self.describeFailure = describeFailure
    }

    /// Notes that `run` exists, once `beginRun` committed it.
    public func noteRunExists(_ run: RunID) {
        knownRuns.insert(run)
    }

    /// Queues `items`; with `durable`, or when the batch is full, returns once they are committed.
    public func record(_ items: [ItemRecord], durable: Bool) async throws {
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
    public func flush() async throws {
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
            } catch let error as JournalError {
                failure = error
            } catch {
                failure = describeFailure(error)
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

    private func reportFailure() throws {
        if let failure = unreportedFailure {
            unreportedFailure = nil
            throw failure
        }
    }

    private func checkRunsExist(_ items: [ItemRecord]) async throws {
        let unchecked = Set(items.map(\.runID)).subtracting(knownRuns)
        guard !unchecked.isEmpty else { return }
        let found: Set<RunID>
        do {
            found = try await existing(unchecked)
        } catch {
            throw describeFailure(error)
        }
        knownRuns.formUnion(found)
        if let missing = unchecked.subtracting(found).min() { throw JournalError.unknownRun(missing) }
    }
}
