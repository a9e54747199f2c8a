/// The journal's tables in PostgreSQL, one numbered migration after another.
///
/// Each migration runs once, in a transaction that also records its number in `schema_versions`; a transaction
/// advisory lock makes two processes migrating at the same moment take turns.
enum PostgresJournalSchema {
    /// The migrations, in order; the number of the last is the current version.
    static let migrations: [(version: Int, name: String, statements: [String])] = [
        (
            1, "runs, items, run files and job locks",
            [
                """
                CREATE TABLE runs (
                    id TEXT PRIMARY KEY,
                    job_path TEXT NOT NULL,
                    job_hash TEXT NOT NULL,
                    variables TEXT NOT NULL,
                    environment_name TEXT NOT NULL,
                    environment_host TEXT NOT NULL,
                    is_production BOOLEAN NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL,
                    finished_at DOUBLE PRECISION,
                    status TEXT NOT NULL,
                    user_name TEXT NOT NULL DEFAULT '',
                    host_name TEXT NOT NULL DEFAULT ''
                )
                """,
                """
                CREATE TABLE items (
                    seq BIGSERIAL PRIMARY KEY,
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    step_id TEXT NOT NULL,
                    item_key TEXT NOT NULL,
                    item_index BIGINT NOT NULL,
                    state TEXT NOT NULL,
                    attempts BIGINT NOT NULL,
                    canvas_id TEXT,
                    action TEXT NOT NULL,
                    http_status BIGINT,
                    outputs TEXT,
                    error_message TEXT,
                    updated_at DOUBLE PRECISION NOT NULL,
                    UNIQUE (run_id, step_id, item_key)
                )
                """,
                "CREATE INDEX items_by_run_state ON items (run_id, state)",
                """
                CREATE TABLE blobs (
                    hash TEXT PRIMARY KEY,
                    content BYTEA NOT NULL
                )
                """,
                """
                CREATE TABLE run_files (
                    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                    path TEXT NOT NULL,
                    hash TEXT NOT NULL REFERENCES blobs(hash),
                    PRIMARY KEY (run_id, path)
                )
                """,
                """
                CREATE TABLE job_locks (
                    lock_key BIGINT PRIMARY KEY,
                    canvas_host TEXT NOT NULL,
                    job_name TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    host_name TEXT NOT NULL,
                    pid BIGINT NOT NULL,
                    run_id TEXT NOT NULL,
                    since DOUBLE PRECISION NOT NULL
                )
                """,
            ]
        ),
        (
            2, "run locks",
            [
                """
                CREATE TABLE run_locks (
                    run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
                    host TEXT NOT NULL,
                    pid BIGINT NOT NULL,
                    token TEXT NOT NULL,
                    heartbeat_at DOUBLE PRECISION NOT NULL
                )
                """
            ]
        ),
        (3, "item before-values", ["ALTER TABLE items ADD COLUMN IF NOT EXISTS before_values TEXT"]),
        (
            4, "item outcomes",
            [
                "ALTER TABLE items ADD COLUMN IF NOT EXISTS outcome TEXT",
                "ALTER TABLE items ADD COLUMN IF NOT EXISTS changed_fields TEXT",
            ]
        ),
    ]

    /// The version a fully migrated journal has.
    static var currentVersion: Int { migrations.last?.version ?? 0 }

    /// The columns of an item, in the order `PostgresRows.item(from:)` reads them.
    static let itemColumns = """
        run_id, step_id, item_key, item_index, state, attempts, canvas_id, action, http_status, outputs, \
        error_message, updated_at, before_values, outcome, changed_fields
        """

    /// `itemColumns` with NULL in place of the outputs and before-values.
    static let itemColumnsWithoutPayloads = """
        run_id, step_id, item_key, item_index, state, attempts, canvas_id, action, http_status, NULL::text, \
        error_message, updated_at, NULL::text, outcome, changed_fields
        """

    /// The columns of a run, in the order `PostgresRows.run(from:)` reads them.
    static let runColumns = """
        id, job_path, job_hash, variables, environment_name, environment_host, is_production, started_at, \
        finished_at, status
        """

    /// The advisory lock key that serialises migrations ("easel" in ASCII, plus one).
    static let migrationLockKey: Int64 = 0x6561_7365_6C01
}
