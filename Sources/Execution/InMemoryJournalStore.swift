public import Foundation
import OrderedCollections

/// A journal kept in memory: for tests, and for dry runs that need no resume.
///
/// Everything recorded is visible at once and nothing survives the process, so `durable` changes nothing.
public actor InMemoryJournalStore: JournalStore {
    private struct ItemKey: Hashable {
        var stepID: String
        var itemKey: String
    }

    private var runsByID: [RunID: RunRecord] = [:]
    private var locks: [RunID: (holder: RunLockHolder, heartbeat: Date)] = [:]
    // Ordered so that items come back in the order each was first recorded, as the SQLite journal returns them.
    private var itemsByRun: [RunID: OrderedDictionary<ItemKey, ItemRecord>] = [:]

    /// An empty journal.
    public init() {}

    /// Records a new run.
    public func beginRun(_ run: RunRecord) throws {
        guard runsByID[run.id] == nil else { throw JournalError.runAlreadyExists(run.id) }
        runsByID[run.id] = run
        itemsByRun[run.id] = [:]
    }

    /// Marks the run finished with `status` at `date`.
    public func finishRun(_ id: RunID, status: RunStatus, at date: Date) throws {
        guard var run = runsByID[id] else { throw JournalError.unknownRun(id) }
        run.status = status
        run.finishedAt = date
        runsByID[id] = run
    }

    /// Marks the run running again and clears its finish date.
    public func reopenRun(_ id: RunID) throws {
        guard var run = runsByID[id] else { throw JournalError.unknownRun(id) }
        run.status = .running
        run.finishedAt = nil
        runsByID[id] = run
    }

    /// Upserts `items` by run, step and key, in order.
    public func record(_ items: [ItemRecord], durable: Bool) throws {
        // Check every run first, so that a bad item records nothing, as a failed SQLite transaction would.
        for item in items where runsByID[item.runID] == nil { throw JournalError.unknownRun(item.runID) }
        for item in items {
            itemsByRun[item.runID, default: [:]][ItemKey(stepID: item.stepID, itemKey: item.itemKey)] = item
        }
    }

    /// Does nothing: everything recorded is already visible.
    public func flush() {}

    /// The run's items in the order each was first recorded, optionally of one step and in some states only;
    /// without `payloads`, without their outputs and before-values.
    public func items(run: RunID, step: String?, states: Set<ItemState>?, payloads: Bool) -> [ItemRecord] {
        guard let items = itemsByRun[run] else { return [] }
        let chosen = items.values.filter { item in
            (step == nil || item.stepID == step) && (states?.contains(item.state) ?? true)
        }
        guard !payloads else { return chosen }
        return chosen.map { item in
            var bare = item
            bare.outputs = nil
            bare.beforeValues = nil
            return bare
        }
    }

    /// The item with `key` of `step` in `run`, or nil.
    public func item(run: RunID, step: String, key: String) -> ItemRecord? {
        itemsByRun[run]?[ItemKey(stepID: step, itemKey: key)]
    }

    /// The run with `id`, or nil.
    public func run(_ id: RunID) -> RunRecord? {
        runsByID[id]
    }

    /// The latest `limit` runs, newest first: by start time, then by id between runs begun at one instant.
    public func runs(limit: Int) -> [RunRecord] {
        Array(
            runsByID.values.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }.prefix(max(0, limit)))
    }

    /// How many items of the run are in each state, step by step.
    public func summary(of run: RunID) throws -> RunSummary {
        guard runsByID[run] != nil else { throw JournalError.unknownRun(run) }
        var steps: OrderedDictionary<String, RunSummary.StepCounts> = [:]
        for item in itemsByRun[run, default: [:]].values {
            steps[item.stepID, default: RunSummary.StepCounts(stepID: item.stepID, counts: [:])].counts[
                item.state, default: 0] += 1
            if let outcome = item.outcome { steps[item.stepID]?.outcomes[outcome, default: 0] += 1 }
        }
        return RunSummary(runID: run, steps: Array(steps.values))
    }

    /// Takes or renews the run's lock.
    public func lockRun(_ id: RunID, holder: RunLockHolder, at now: Date) throws {
        guard runsByID[id] != nil else { throw JournalError.unknownRun(id) }
        if let lock = locks[id], lock.holder.blocks(holder, heartbeat: lock.heartbeat, now: now) {
            throw JournalError.runLocked(id, host: lock.holder.host, pid: lock.holder.pid)
        }
        locks[id] = (holder, now)
    }

    /// Releases the run's lock if `holder` has it.
    public func unlockRun(_ id: RunID, holder: RunLockHolder) {
        if locks[id]?.holder.token == holder.token { locks[id] = nil }
    }
}
