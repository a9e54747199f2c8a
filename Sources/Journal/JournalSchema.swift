import GRDB

/// The journal's tables, created and upgraded by one migrator so that an older journal file opens in a newer Easel.
enum JournalSchema {
    /// The migrator that brings any journal file to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: runs and items") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        job_path TEXT NOT NULL,
                        job_hash TEXT NOT NULL,
                        variables TEXT NOT NULL,
                        environment_name TEXT NOT NULL,
                        environment_host TEXT NOT NULL,
                        is_production INTEGER NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        status TEXT NOT NULL
                    );
                    CREATE TABLE items (
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        step_id TEXT NOT NULL,
                        item_key TEXT NOT NULL,
                        item_index INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        attempts INTEGER NOT NULL,
                        canvas_id TEXT,
                        action TEXT NOT NULL,
                        http_status INTEGER,
                        outputs TEXT,
                        error_message TEXT,
                        updated_at REAL NOT NULL
                    );
                    CREATE UNIQUE INDEX items_by_run_step_key ON items(run_id, step_id, item_key);
                    CREATE INDEX items_by_run_state ON items(run_id, state);
                    """
            )
        }
        migrator.registerMigration("v2: run locks") { db in
            try db.execute(
                sql: """
                    CREATE TABLE run_locks (
                        run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        token TEXT NOT NULL,
                        heartbeat_at REAL NOT NULL
                    );
                    """
            )
        }
        migrator.registerMigration("v3: item before-values") { db in
            try db.execute(sql: "ALTER TABLE items ADD COLUMN before_values TEXT")
        }
        migrator.registerMigration("v4: item outcomes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE items ADD COLUMN outcome TEXT;
                    ALTER TABLE items ADD COLUMN changed_fields TEXT;
                    """
            )
        }
        migrator.registerMigration("v5: run origins") { db in
            try db.execute(
                sql: """
                    ALTER TABLE runs ADD COLUMN user_name TEXT;
                    ALTER TABLE runs ADD COLUMN host_name TEXT;
                    """
            )
        }
        return migrator
    }

    /// Inserts an item, or replaces every field of the item with the same run, step and key.
    ///
    /// The row keeps its rowid on update, so items stay in the order each was first recorded.
    static let upsertItem = """
        INSERT INTO items (
            run_id, step_id, item_key, item_index, state, attempts, canvas_id, action, http_status, outputs,
            error_message, updated_at, before_values, outcome, changed_fields
        ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id, step_id, item_key) DO UPDATE SET
            item_index = excluded.item_index, state = excluded.state, attempts = excluded.attempts,
            canvas_id = excluded.canvas_id, action = excluded.action, http_status = excluded.http_status,
            outputs = excluded.outputs, error_message = excluded.error_message, updated_at = excluded.updated_at,
            before_values = excluded.before_values, outcome = excluded.outcome,
            changed_fields = excluded.changed_fields
        """

    /// The columns of an item, in the order `ItemRecord(row:)` reads them.
    static let itemColumns = """
        run_id, step_id, item_key, item_index, state, attempts, canvas_id, action, http_status, outputs, \
        error_message, updated_at, before_values, outcome, changed_fields
        """

    /// `itemColumns` with NULL in place of the outputs and before-values.
    static let itemColumnsWithoutPayloads = """
        run_id, step_id, item_key, item_index, state, attempts, canvas_id, action, http_status, NULL, \
        error_message, updated_at, NULL, outcome, changed_fields
        """

    /// The columns of a run, in the order `RunRecord(row:)` reads them.
    static let runColumns = """
        id, job_path, job_hash, variables, environment_name, environment_host, is_production, started_at, \
        finished_at, status
        """
}
