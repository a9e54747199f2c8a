public import Foundation

/// Where the executor journals runs and items, so that an interrupted run resumes without doing anything twice.
///
/// Implementations are safe to call from many tasks at once. Reads see every item recorded before them through the
/// same store, durable or not. Item records are upserted by run, step and item key.
///
/// Durability: when `record(_:durable:)` returns with `durable` true, those items and every item recorded before
/// them through the same store are committed and survive a crash of the process. Items recorded with `durable`
/// false are committed soon after (in a batch); a crash may lose the latest of them, whole, never half-written.
/// `flush()` and `finishRun(_:status:at:)` commit everything recorded so far.
public protocol JournalStore: Sendable {
    /// Records a new run, committed on return; throws `JournalError.runAlreadyExists` if the id is taken.
    func beginRun(_ run: RunRecord) async throws

    /// Commits the run's pending items, then marks the run finished with `status` at `date`.
    func finishRun(_ id: RunID, status: RunStatus, at date: Date) async throws

    /// Marks a finished run as running again, for resume; its finish date is cleared.
    func reopenRun(_ id: RunID) async throws

    /// Upserts `items` by run, step and key, in order; with `durable`, returns only once they are committed.
    ///
    /// Throws `JournalError.unknownRun` for an item of a run that was never begun.
    func record(_ items: [ItemRecord], durable: Bool) async throws

    /// Commits every item recorded so far.
    func flush() async throws

    /// The run's items, in the order each was first recorded, optionally of one step and in some states only;
    /// without `payloads`, their `outputs` and `beforeValues` are left out (nil), which spares reading and parsing
    /// them for a run of many items.
    func items(run: RunID, step: String?, states: Set<ItemState>?, payloads: Bool) async throws -> [ItemRecord]

    /// The run's confirmed items, in the order each was first recorded, as little of each as a resume needs to
    /// pass it by: its step, key and action. A store may answer it faster than `items`, as SQLite does.
    func confirmedItems(run: RunID) async throws -> [ConfirmedItem]

    /// The item with `key` of `step` in `run`, or nil.
    func item(run: RunID, step: String, key: String) async throws -> ItemRecord?

    /// The run with `id`, or nil.
    func run(_ id: RunID) async throws -> RunRecord?

    /// The latest `limit` runs, newest first: by start time, then by id between runs begun at one instant.
    func runs(limit: Int) async throws -> [RunRecord]

    /// How many items of the run are in each state, step by step; throws `JournalError.unknownRun` if there is no
    /// such run.
    func summary(of run: RunID) async throws -> RunSummary

    /// Takes the run's lock for `holder`, or renews it when `holder` has it, atomically at `now`; throws
    /// `JournalError.runLocked` when another holder has it and `RunLockHolder.blocks` says it still holds.
    func lockRun(_ id: RunID, holder: RunLockHolder, at now: Date) async throws

    /// Releases the run's lock if `holder` has it.
    func unlockRun(_ id: RunID, holder: RunLockHolder) async throws
}

/// An item an earlier attempt of a run confirmed: which step, which item, and what its write was.
public struct ConfirmedItem: Sendable, Hashable {
    public var stepID: String
    public var itemKey: String
    public var action: ItemAction

    /// Creates a confirmed item.
    public init(stepID: String, itemKey: String, action: ItemAction) {
        self.stepID = stepID
        self.itemKey = itemKey
        self.action = action
    }
}

extension JournalStore {
    /// The confirmed items, read as `items` without payloads.
    public func confirmedItems(run: RunID) async throws -> [ConfirmedItem] {
        try await items(run: run, step: nil, states: [.confirmed], payloads: false).map {
            ConfirmedItem(stepID: $0.stepID, itemKey: $0.itemKey, action: $0.action)
        }
    }

    /// Upserts items without waiting for them to be committed.
    public func record(_ items: [ItemRecord]) async throws {
        try await record(items, durable: false)
    }

    /// Upserts one item; with `durable`, returns only once it is committed.
    public func record(_ item: ItemRecord, durable: Bool = false) async throws {
        try await record([item], durable: durable)
    }

    /// The run's items, whole, in the order each was first recorded, optionally of one step and in some states.
    public func items(run: RunID, step: String?, states: Set<ItemState>?) async throws -> [ItemRecord] {
        try await items(run: run, step: step, states: states, payloads: true)
    }

    /// Every item of the run, in the order each was first recorded.
    public func items(run: RunID) async throws -> [ItemRecord] {
        try await items(run: run, step: nil, states: nil)
    }

    /// The run's items of one step, or in some states.
    public func items(run: RunID, step: String? = nil, states: Set<ItemState>) async throws -> [ItemRecord] {
        try await items(run: run, step: step, states: Optional(states))
    }

    /// The run's items of one step.
    public func items(run: RunID, step: String) async throws -> [ItemRecord] {
        try await items(run: run, step: step, states: nil)
    }

    /// Marks the run finished now.
    public func finishRun(_ id: RunID, status: RunStatus) async throws {
        try await finishRun(id, status: status, at: Date())
    }

    /// The newest run, or nil when the journal is empty.
    public func latestRun() async throws -> RunRecord? {
        try await runs(limit: 1).first
    }
}
