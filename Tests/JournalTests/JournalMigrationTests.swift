import EaselTestSupport
import Execution
import Foundation
import GRDB
import JSONValues
import Journal
import Testing

/// A journal written before items kept their before-values opens in this Easel: its items read back with none,
/// and new items keep theirs.
@Suite struct JournalMigrationTests {
    /// The tables as the first two migrations left them, with one run and one item.
    static func writeJournalWithoutBeforeValues(at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1: runs and items'), ('v2: run locks');
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL, job_path TEXT NOT NULL, job_hash TEXT NOT NULL,
                        variables TEXT NOT NULL, environment_name TEXT NOT NULL, environment_host TEXT NOT NULL,
                        is_production INTEGER NOT NULL, started_at REAL NOT NULL, finished_at REAL, status TEXT NOT NULL
                    );
                    CREATE TABLE items (
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step_id TEXT NOT NULL,
                        item_key TEXT NOT NULL, item_index INTEGER NOT NULL, state TEXT NOT NULL,
                        attempts INTEGER NOT NULL, canvas_id TEXT, action TEXT NOT NULL, http_status INTEGER,
                        outputs TEXT, error_message TEXT, updated_at REAL NOT NULL
                    );
                    CREATE UNIQUE INDEX items_by_run_step_key ON items(run_id, step_id, item_key);
                    CREATE INDEX items_by_run_state ON items(run_id, state);
                    CREATE TABLE run_locks (
                        run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE, host TEXT NOT NULL,
                        pid INTEGER NOT NULL, token TEXT NOT NULL, heartbeat_at REAL NOT NULL
                    );
                    INSERT INTO runs VALUES
                        ('20261125-142301-7f3a', 'job.yaml', 'abc', '{}', 'sandbox', 'sandbox', 0, 1795617781.0, NULL,
                         'succeeded');
                    INSERT INTO items VALUES
                        ('20261125-142301-7f3a', 'shells', 'sis_course_id=BIO-101', 0, 'confirmed', 1, '42', 'update',
                         200, '{"id":42}', NULL, 1795617782.0);
                    """)
        }
    }

    @Test func anOlderJournalOpensAndItsItemsHaveNoBeforeValues() async throws {
        let journal = TemporaryJournal()
        try FileManager.default.createDirectory(
            atPath: (journal.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Self.writeJournalWithoutBeforeValues(at: journal.path)
        let store = try SQLiteJournalStore(path: journal.path)
        let run = RunID(rawValue: "20261125-142301-7f3a")
        let old = try #require(try await store.item(run: run, step: "shells", key: "sis_course_id=BIO-101"))
        #expect(old.canvasID == "42" && old.action == .update && old.outputs == ["id": 42])
        #expect(old.beforeValues == nil)

        var updated = old
        updated.beforeValues = ["kind": "course", "fields": ["name": "Biology"]]
        try await store.record(updated, durable: true)
        #expect(try await store.item(run: run, step: "shells", key: "sis_course_id=BIO-101") == updated)
    }
}
