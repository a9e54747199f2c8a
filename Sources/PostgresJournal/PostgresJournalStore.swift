public import Execution
public import Foundation
import JSONValues
import Logging
import PostgresNIO

/// The journal in a PostgreSQL database, shared by every machine that reaches it.
///
/// Durability is the server's: when `record(_:durable:)` returns with `durable` true, those items and every item
/// recorded earlier through this store are committed. Items recorded with `durable` false are committed within
/// `flushDelay`, when `batchLimit` items are waiting, or with the next durable record, `flush()`, read or
/// `finishRun`. Items are upserted in batches, many rows to a statement, in one transaction per batch.
///
/// The tables live in the location's schema (`easel` by default), created and brought up to date on open.
public final class PostgresJournalStore: JournalStore {
    /// Where the journal is; its description carries no password.
    public let location: PostgresLocation
    /// Who this process is, kept with each run it begins.
    public let origin: RunOrigin
    let client: PostgresClient
    private let runner: Task<Void, Never>
    private let writer: GroupCommitWriter
    /// Rows per upsert statement: fifteen parameters each, well under PostgreSQL's 65,535.
    static let rowsPerStatement = 1_000

    /// Connects to the journal at `location`, creating its schema and tables or bringing them up to date.
    public static func open(
        _ location: PostgresLocation, origin: RunOrigin = .current, batchLimit: Int = 1_000,
        flushDelay: Duration = .milliseconds(5)
    ) async throws -> PostgresJournalStore {
        try await checkReachable(location)
        let store = try PostgresJournalStore(
            location: location, origin: origin, batchLimit: batchLimit, flushDelay: flushDelay)
        do {
            try await store.migrate()
        } catch {
            store.close()
            throw error
        }
        return store
    }

    private init(location: PostgresLocation, origin: RunOrigin, batchLimit: Int, flushDelay: Duration) throws {
        self.location = location
        self.origin = origin
        let description = location.description
        let client: PostgresClient
        do {
            client = PostgresClient(
                configuration: try location.clientConfiguration(),
                backgroundLogger: Logger(label: "easel.postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
        } catch {
            throw JournalError.storageFailed(path: description, reason: PostgresFailure.describe(error))
        }
        self.client = client
        runner = Task { await client.run() }
        writer = GroupCommitWriter(
            batchLimit: batchLimit, flushDelay: flushDelay,
            write: { items in try await Self.upsert(items, client: client) },
            existing: { runs in try await Self.existingRuns(runs, client: client) },
            describeFailure: { JournalError.storageFailed(path: description, reason: PostgresFailure.describe($0)) })
    }

    /// Connects once, so that an unreachable server or a refused login fails at once with the server's reason
    /// instead of leaving the pool to retry.
    static func checkReachable(_ location: PostgresLocation) async throws {
        do {
            let connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 0, logger: silent)
            try await connection.close()
        } catch {
            throw JournalError.storageFailed(path: location.description, reason: PostgresFailure.describe(error))
        }
    }

    deinit {
        runner.cancel()
    }

    /// Stops the connection pool; the store cannot be used afterwards.
    public func close() {
        runner.cancel()
    }

    /// The schema version the database has, 0 before the first migration.
    public func schemaVersion() async throws -> Int {
        try await storageErrors {
            let exists = try await client.query(
                "SELECT to_regclass(\(location.schema + ".schema_versions")) IS NOT NULL"
            ).collect().first?.decode(Bool.self)
            guard exists == true else { return 0 }
            let rows = try await client.query("SELECT COALESCE(MAX(version), 0) FROM schema_versions").collect()
            return try rows.first?.decode(Int.self) ?? 0
        }
    }

    /// Creates the schema and runs each migration the database has not had yet; returns the versions applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let schema = location.schema
        return try await storageErrors {
            try await client.withTransaction(logger: Self.silent) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(PostgresJournalSchema.migrationLockKey))", logger: Self.silent)
                try await connection.query(
                    PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: Self.silent)
                try await connection.query(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE TABLE IF NOT EXISTS \(schema).schema_versions (
                                version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)
                            """), logger: Self.silent)
                let rows = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT version FROM \(schema).schema_versions"), logger: Self.silent)
                var done: Set<Int> = []
                for try await version in rows.decode(Int.self) { done.insert(version) }
                var applied: [Int] = []
                for migration in PostgresJournalSchema.migrations where !done.contains(migration.version) {
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: Self.silent)
                    }
                    try await connection.query(
                        PostgresQuery(
                            unsafeSQL: "INSERT INTO \(schema).schema_versions VALUES ($1, $2, $3)",
                            binds: Self.versionBinds(migration.version, migration.name)),
                        logger: Self.silent)
                    applied.append(migration.version)
                }
                return applied
            }
        }
    }

    // MARK: Runs

    /// Records a new run, committed on return.
    public func beginRun(_ run: RunRecord) async throws {
        try await storageErrors {
            let inserted = try await client.query(
                """
                INSERT INTO runs (\(unescaped: PostgresJournalSchema.runColumns), user_name, host_name)
                VALUES (\(run.id.rawValue), \(run.jobPath), \(run.jobHash), \(JSONValue.object(run.variables).serialized()),
                    \(run.environmentName), \(run.environmentHost), \(run.isProduction),
                    \(run.startedAt.timeIntervalSince1970), \(run.finishedAt?.timeIntervalSince1970),
                    \(run.status.rawValue), \(origin.user), \(origin.host))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """
            ).collect()
            if inserted.isEmpty { throw JournalError.runAlreadyExists(run.id) }
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

    /// The run with `id`, or nil.
    public func run(_ id: RunID) async throws -> RunRecord? {
        try await storageErrors {
            try await client.query(
                "SELECT \(unescaped: PostgresJournalSchema.runColumns) FROM runs WHERE id = \(id.rawValue)"
            ).collect().first.map(PostgresRows.run(from:))
        }
    }

    /// The latest `limit` runs, newest first: by start time, then by id between runs begun at one instant.
    public func runs(limit: Int) async throws -> [RunRecord] {
        try await storageErrors {
            try await client.query(
                """
                SELECT \(unescaped: PostgresJournalSchema.runColumns) FROM runs
                ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT \(max(0, limit))
                """
            ).collect().map(PostgresRows.run(from:))
        }
    }

    // MARK: Items

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
        var conditions = ["run_id = $1"]
        var binds = PostgresBindings()
        binds.append(run.rawValue)
        if let step {
            binds.append(step)
            conditions.append("step_id = $\(binds.count)")
        }
        if let states {
            guard !states.isEmpty else { return [] }
            var placeholders: [String] = []
            for state in states.map(\.rawValue).sorted() {
                binds.append(state)
                placeholders.append("$\(binds.count)")
            }
            conditions.append("state IN (\(placeholders.joined(separator: ", ")))")
        }
        let sql = """
            SELECT \(payloads ? PostgresJournalSchema.itemColumns : PostgresJournalSchema.itemColumnsWithoutPayloads)
            FROM items WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq
            """
        return try await storageErrors {
            try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds)).collect().map(PostgresRows.item(from:))
        }
    }

    /// The item with `key` of `step` in `run`, or nil.
    public func item(run: RunID, step: String, key: String) async throws -> ItemRecord? {
        try await writer.flush()
        return try await storageErrors {
            try await client.query(
                """
                SELECT \(unescaped: PostgresJournalSchema.itemColumns) FROM items
                WHERE run_id = \(run.rawValue) AND step_id = \(step) AND item_key = \(key)
                """
            ).collect().first.map(PostgresRows.item(from:))
        }
    }

    /// How many items of the run are in each state, step by step, steps in the order their first item was recorded.
    public func summary(of run: RunID) async throws -> RunSummary {
        try await writer.flush()
        return try await storageErrors {
            guard try await Self.existingRuns([run], client: client).contains(run) else {
                throw JournalError.unknownRun(run)
            }
            let rows = try await client.query(
                """
                SELECT step_id, state, COUNT(*)::BIGINT, MIN(seq), outcome FROM items
                WHERE run_id = \(run.rawValue) GROUP BY step_id, state, outcome
                """
            ).collect()
            var counts: [String: [ItemState: Int]] = [:]
            var outcomes: [String: [ItemOutcome: Int]] = [:]
            var firstSeq: [String: Int] = [:]
            for row in rows {
                let (step, stateName, count, seq, outcomeName) = try row.decode(
                    (String, String, Int, Int, String?).self)
                guard let state = ItemState(rawValue: stateName) else {
                    throw JournalError.damagedRecord(reason: "unknown item state '\(stateName)'")
                }
                counts[step, default: [:]][state, default: 0] += count
                if let outcome = try ItemOutcome.journaled(outcomeName) {
                    outcomes[step, default: [:]][outcome, default: 0] += count
                }
                firstSeq[step] = min(firstSeq[step] ?? seq, seq)
            }
            let steps = counts.keys.sorted { (firstSeq[$0] ?? 0) < (firstSeq[$1] ?? 0) }
            return RunSummary(
                runID: run,
                steps: steps.map {
                    RunSummary.StepCounts(stepID: $0, counts: counts[$0] ?? [:], outcomes: outcomes[$0] ?? [:])
                })
        }
    }

    // MARK: Helpers

    private func updateRun(_ id: RunID, status: RunStatus, finishedAt: Date?) async throws {
        try await storageErrors {
            let updated = try await client.query(
                """
                UPDATE runs SET status = \(status.rawValue), finished_at = \(finishedAt?.timeIntervalSince1970)
                WHERE id = \(id.rawValue) RETURNING id
                """
            ).collect()
            if updated.isEmpty { throw JournalError.unknownRun(id) }
        }
    }

    /// Upserts a batch in one transaction. A key repeated in the batch keeps its last record, in the place of its
    /// first: PostgreSQL refuses to update one row twice in a statement.
    static func upsert(_ items: [ItemRecord], client: PostgresClient) async throws {
        var order: [ItemKey] = []
        var latest: [ItemKey: ItemRecord] = [:]
        for item in items {
            let key = ItemKey(run: item.runID, step: item.stepID, key: item.itemKey)
            if latest.updateValue(item, forKey: key) == nil { order.append(key) }
        }
        let unique = order.compactMap { latest[$0] }
        try await client.withTransaction(logger: silent) { connection in
            var start = 0
            while start < unique.count {
                let chunk = unique[start..<min(start + rowsPerStatement, unique.count)]
                var binds = PostgresBindings(capacity: chunk.count * PostgresRows.itemColumnCount)
                var rows: [String] = []
                rows.reserveCapacity(chunk.count)
                for item in chunk {
                    let first = binds.count + 1
                    PostgresRows.append(item, to: &binds)
                    rows.append(
                        "(" + (first..<first + PostgresRows.itemColumnCount).map { "$\($0)" }.joined(separator: ", ")
                            + ")")
                }
                let sql = """
                    INSERT INTO items (\(PostgresJournalSchema.itemColumns)) VALUES \(rows.joined(separator: ", "))
                    ON CONFLICT (run_id, step_id, item_key) DO UPDATE SET
                        item_index = excluded.item_index, state = excluded.state, attempts = excluded.attempts,
                        canvas_id = excluded.canvas_id, action = excluded.action, http_status = excluded.http_status,
                        outputs = excluded.outputs, error_message = excluded.error_message,
                        updated_at = excluded.updated_at, before_values = excluded.before_values,
                        outcome = excluded.outcome, changed_fields = excluded.changed_fields
                    """
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: silent)
                start += chunk.count
            }
        }
    }

    static func existingRuns(_ runs: Set<RunID>, client: PostgresClient) async throws -> Set<RunID> {
        let ids = runs.map(\.rawValue)
        var found: Set<RunID> = []
        for try await id in try await client.query("SELECT id FROM runs WHERE id = ANY(\(ids))").decode(String.self) {
            found.insert(RunID(rawValue: id))
        }
        return found
    }

    /// Runs `body`, passing journal errors through and describing PostgreSQL's as `JournalError.storageFailed`.
    func storageErrors<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.storageFailed(path: location.description, reason: PostgresFailure.describe(error))
        }
    }

    private static func versionBinds(_ version: Int, _ name: String) -> PostgresBindings {
        var binds = PostgresBindings()
        binds.append(version)
        binds.append(name)
        binds.append(Date().timeIntervalSince1970)
        return binds
    }

    static let silent = Logger(label: "easel.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    private struct ItemKey: Hashable {
        var run: RunID
        var step: String
        var key: String
    }
}

extension PostgresJournalStore {
    /// Deletes the store's schema and everything in it; the tests give each store a schema of its own.
    func dropSchema() async throws {
        _ = try await storageErrors {
            try await client.query(PostgresQuery(unsafeSQL: "DROP SCHEMA IF EXISTS \(location.schema) CASCADE"))
        }
    }
}

extension PostgresJournalStore {
    /// Who began each of `runs` and on which machine, by run id (runs begun elsewhere than through a
    /// `PostgresJournalStore`, such as copied ones, have an empty user and host).
    public func origins(of runs: [RunID]) async throws -> [RunID: (user: String, host: String)] {
        try await storageErrors {
            var origins: [RunID: (user: String, host: String)] = [:]
            let rows = try await client.query(
                "SELECT id, user_name, host_name FROM runs WHERE id = ANY(\(runs.map(\.rawValue)))")
            for try await (id, user, host) in rows.decode((String, String, String).self) {
                origins[RunID(rawValue: id)] = (user, host)
            }
            return origins
        }
    }
}
