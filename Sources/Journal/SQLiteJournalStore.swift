public import Execution
public import Foundation
import GRDB

/// The journal in a SQLite file (WAL mode), written by one batching writer and read concurrently.
///
/// Durability: when `record(_:durable:)` returns with `durable` true, those items and every item recorded earlier
/// through this store are committed with a full sync; a process killed at any moment afterwards loses none of them,
/// and a store opened later on the same file sees them. Items recorded with `durable` false are committed within
/// `flushDelay`, when `batchLimit` items are waiting, or with the next durable record, `flush()`, read or
/// `finishRun`; a crash before that loses them whole (a transaction is never half-applied). `beginRun`,
/// `finishRun` and `reopenRun` are committed when they return.
public final class SQLiteJournalStore: JournalStore {
    /// The journal file.
    public let path: String
    /// Who begins the runs this store records, and on which machine, kept with each run for `easel runs`: a
    /// local journal is written on the machine it lives on, by the user running Easel.
    public let startedBy: (user: String, host: String)
    private let pool: DatabasePool
    private let writer: GroupCommitWriter

    /// Opens (or creates, with its folders) the journal at `path` and brings its schema up to date.
    ///
    /// - Parameters:
    ///   - batchLimit: how many queued items make the writer commit without waiting for `flushDelay`.
    ///   - flushDelay: how long an item recorded without `durable` may wait before it is committed.
    ///   - startedBy: the user and host recorded with each run begun; by default this process's.
    public init(
        path: String, batchLimit: Int = 1_000, flushDelay: Duration = .milliseconds(5),
        startedBy: (user: String, host: String) = SQLiteJournalStore.thisProcess
    ) throws {
        self.path = path
        self.startedBy = startedBy
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.label = "easel.journal"
            // Another easel process (easel runs while an apply is going) may hold the write lock for a moment.
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // FULL syncs the WAL at each commit, so a committed intent survives a power cut, not only a kill.
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            do {
                try JournalSchema.migrator.migrate(pool)
            } catch {
                // Another easel process may have created the journal at the same moment (its migration committed
                // between our check and ours); a second pass then finds the schema in place.
                try JournalSchema.migrator.migrate(pool)
            }
        } catch {
            throw JournalError.storageFailed(path: path, reason: "\(error)")
        }
        writer = GroupCommitWriter(
            batchLimit: batchLimit, flushDelay: flushDelay,
            write: { [pool] items in try await JournalRows.upsert(items, in: pool) },
            existing: { [pool] runs in try await JournalRows.existingRuns(runs, in: pool) },
            describeFailure: { JournalError.storageFailed(path: path, reason: "\($0)") })
    }

    /// Opens the journal of a state folder.
    public convenience init(stateDirectory: StateDirectory) throws {
        try self.init(path: stateDirectory.journalPath)
    }

    /// Records a new run, committed on return.
    public func beginRun(_ run: RunRecord) async throws {
        try await storageErrors {
            try await pool.write { db in
                if try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.id.rawValue])
                    == true
                {
                    throw JournalError.runAlreadyExists(run.id)
                }
                try db.execute(
                    sql: "INSERT INTO runs (\(JournalSchema.runColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    arguments: JournalRows.arguments(of: run))
                try db.execute(
                    sql: "UPDATE runs SET user_name = ?, host_name = ? WHERE id = ?",
                    arguments: [startedBy.user, startedBy.host, run.id.rawValue])
            }
        }
        await writer.noteRunExists(run.id)
    }

    /// Commits every pending item, then marks the run finished with `status` at `date`.
    public func finishRun(_ id: RunID, status: RunStatus, at date: Date) async throws {
        try await writer.flush()
        try await updateRun(id, status: status, finishedAt: date)
    }

    /// Marks the run running again and clears its finish date.
    public func reopenRun(_ id: RunID) async throws {
        try await updateRun(id, status: .running, finishedAt: nil)
    }

    /// Queues `items` for the writer; with `durable`, returns once they are committed.
    public func record(_ items: [ItemRecord], durable: Bool) async throws {
        guard !items.isEmpty else {
            if durable { try await writer.flush() }
            return
        }
        try await writer.record(items, durable: durable)
    }

    /// Commits every item recorded so far.
    public func flush() async throws {
        try await writer.flush()
    }

    /// The run's items in the order each was first recorded, optionally of one step and in some states only;
    /// without `payloads`, without their outputs and before-values.
    public func items(run: RunID, step: String?, states: Set<ItemState>?, payloads: Bool) async throws
        -> [ItemRecord]
    {
        try await writer.flush()
        var conditions = ["run_id = ?"]
        var arguments: StatementArguments = [run.rawValue]
        if let step {
            conditions.append("step_id = ?")
            arguments += [step]
        }
        if let states {
            guard !states.isEmpty else { return [] }
            conditions.append("state IN (\(Array(repeating: "?", count: states.count).joined(separator: ", ")))")
            arguments += StatementArguments(states.map(\.rawValue).sorted())
        }
        let sql = """
            SELECT \(payloads ? JournalSchema.itemColumns : JournalSchema.itemColumnsWithoutPayloads) FROM items \
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY rowid
            """
        return try await read { [arguments] db in
            // A cursor decodes each row where SQLite holds it, instead of copying every row first.
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            var items: [ItemRecord] = []
            while let row = try rows.next() { items.append(try JournalRows.item(from: row)) }
            return items
        }
    }

    /// The run's confirmed items, three columns of each read where SQLite holds them.
    public func confirmedItems(run: RunID) async throws -> [ConfirmedItem] {
        try await writer.flush()
        return try await read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: "SELECT step_id, item_key, action FROM items WHERE run_id = ? AND state = ? ORDER BY rowid",
                arguments: [run.rawValue, ItemState.confirmed.rawValue])
            var items: [ConfirmedItem] = []
            while let row = try rows.next() {
                let actionName: String = row[2]
                guard let action = ItemAction(rawValue: actionName) else {
                    throw JournalError.damagedRecord(reason: "unknown item action '\(actionName)'")
                }
                items.append(ConfirmedItem(stepID: row[0], itemKey: row[1], action: action))
            }
            return items
        }
    }

    /// The item with `key` of `step` in `run`, or nil.
    public func item(run: RunID, step: String, key: String) async throws -> ItemRecord? {
        try await writer.flush()
        return try await read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT \(JournalSchema.itemColumns) FROM items WHERE run_id = ? AND step_id = ? AND item_key = ?",
                arguments: [run.rawValue, step, key]
            ).map(JournalRows.item(from:))
        }
    }

    /// The run with `id`, or nil.
    public func run(_ id: RunID) async throws -> RunRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(JournalSchema.runColumns) FROM runs WHERE id = ?", arguments: [id.rawValue]
            ).map(JournalRows.run(from:))
        }
    }

    /// Who began each of `runs` and on which machine, by run id; runs recorded by an Easel that kept neither
    /// have an empty user and host.
    public func origins(of runs: [RunID]) async throws -> [RunID: (user: String, host: String)] {
        try await read { db in
            var origins: [RunID: (user: String, host: String)] = [:]
            for run in runs {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT user_name, host_name FROM runs WHERE id = ?", arguments: [run.rawValue])
                else { continue }
                origins[run] = ((row["user_name"] as String?) ?? "", (row["host_name"] as String?) ?? "")
            }
            return origins
        }
    }

    /// This process's user (from `USER` or `LOGNAME`, else the account's name) and host name.
    public static var thisProcess: (user: String, host: String) {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
        return (user.isEmpty ? "unknown" : user, ProcessInfo.processInfo.hostName)
    }

    /// The latest `limit` runs, newest first: by start time, then by id between runs begun at one instant.
    public func runs(limit: Int) async throws -> [RunRecord] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(JournalSchema.runColumns) FROM runs ORDER BY started_at DESC, id DESC LIMIT ?",
                arguments: [max(0, limit)]
            ).map(JournalRows.run(from:))
        }
    }

    /// How many items of the run are in each state, step by step, steps in the order their first item was recorded.
    public func summary(of run: RunID) async throws -> RunSummary {
        try await writer.flush()
        return try await read { db in
            guard
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.rawValue])
                    == true
            else { throw JournalError.unknownRun(run) }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT step_id, state, COUNT(*), MIN(rowid), outcome FROM items WHERE run_id = ?
                    GROUP BY step_id, state, outcome
                    """,
                arguments: [run.rawValue])
            var counts: [String: [ItemState: Int]] = [:]
            var outcomes: [String: [ItemOutcome: Int]] = [:]
            var firstRowID: [String: Int64] = [:]
            for row in rows {
                let step: String = try row.decode(atIndex: 0)
                let stateName: String = try row.decode(atIndex: 1)
                guard let state = ItemState(rawValue: stateName) else {
                    throw JournalError.damagedRecord(reason: "unknown item state '\(stateName)'")
                }
                let count: Int = try row.decode(atIndex: 2)
                counts[step, default: [:]][state, default: 0] += count
                if let outcome = try ItemOutcome.journaled(try row.decode(atIndex: 4)) {
                    outcomes[step, default: [:]][outcome, default: 0] += count
                }
                let rowID: Int64 = try row.decode(atIndex: 3)
                firstRowID[step] = min(firstRowID[step] ?? rowID, rowID)
            }
            let steps = counts.keys.sorted { (firstRowID[$0] ?? 0) < (firstRowID[$1] ?? 0) }
            return RunSummary(
                runID: run,
                steps: steps.map {
                    RunSummary.StepCounts(stepID: $0, counts: counts[$0] ?? [:], outcomes: outcomes[$0] ?? [:])
                })
        }
    }

    /// Takes or renews the run's lock in one write transaction, so that of two processes only one gets it.
    public func lockRun(_ id: RunID, holder: RunLockHolder, at now: Date) async throws {
        try await storageErrors {
            try await pool.write { db in
                guard
                    try Bool.fetchOne(
                        db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [id.rawValue])
                        == true
                else { throw JournalError.unknownRun(id) }
                if let row = try Row.fetchOne(
                    db, sql: "SELECT host, pid, token, heartbeat_at FROM run_locks WHERE run_id = ?",
                    arguments: [id.rawValue])
                {
                    let current = RunLockHolder(host: row[0], pid: row[1], token: row[2])
                    let heartbeat = Date(timeIntervalSince1970: row[3])
                    if current.blocks(holder, heartbeat: heartbeat, now: now) {
                        throw JournalError.runLocked(id, host: current.host, pid: current.pid)
                    }
                }
                try db.execute(
                    sql: """
                        INSERT INTO run_locks (run_id, host, pid, token, heartbeat_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (run_id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                            token = excluded.token, heartbeat_at = excluded.heartbeat_at
                        """,
                    arguments: [id.rawValue, holder.host, holder.pid, holder.token, now.timeIntervalSince1970])
            }
        }
    }

    /// Releases the run's lock if `holder` has it.
    public func unlockRun(_ id: RunID, holder: RunLockHolder) async throws {
        try await storageErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "DELETE FROM run_locks WHERE run_id = ? AND token = ?", arguments: [id.rawValue, holder.token])
            }
        }
    }

    private func updateRun(_ id: RunID, status: RunStatus, finishedAt: Date?) async throws {
        try await storageErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "UPDATE runs SET status = ?, finished_at = ? WHERE id = ?",
                    arguments: [status.rawValue, finishedAt?.timeIntervalSince1970, id.rawValue])
                if db.changesCount == 0 { throw JournalError.unknownRun(id) }
            }
        }
    }

    private func read<Value: Sendable>(_ body: @escaping @Sendable (Database) throws -> Value) async throws -> Value {
        try await storageErrors { try await pool.read(body) }
    }

    /// Runs `body`, passing journal errors through and wrapping SQLite's as `JournalError.storageFailed`.
    private func storageErrors<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.storageFailed(path: path, reason: "\(error)")
        }
    }
}
