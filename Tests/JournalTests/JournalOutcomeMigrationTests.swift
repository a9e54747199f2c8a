import EaselTestSupport
import Execution
import Foundation
import GRDB
import Journal
import Testing

/// A journal file written before items had outcomes opens in this Easel, keeps its items and records outcomes.
@Suite struct JournalOutcomeMigrationTests {
    @Test func aJournalWithoutOutcomeColumnsGainsThem() async throws {
        let journal = TemporaryJournal()
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: journal.path).deletingLastPathComponent(), withIntermediateDirectories: true)
        // The two migrations of the older schema, written as that Easel wrote them.
        let old = try DatabaseQueue(path: journal.path)
        try await old.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                    INSERT INTO grdb_migrations VALUES ('v1: runs and items'), ('v2: run locks');
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL, job_path TEXT NOT NULL, job_hash TEXT NOT NULL,
                        variables TEXT NOT NULL, environment_name TEXT NOT NULL, environment_host TEXT NOT NULL,
                        is_production INTEGER NOT NULL, started_at REAL NOT NULL, finished_at REAL, status TEXT NOT NULL);
                    CREATE TABLE items (
                        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step_id TEXT NOT NULL,
                        item_key TEXT NOT NULL, item_index INTEGER NOT NULL, state TEXT NOT NULL,
                        attempts INTEGER NOT NULL, canvas_id TEXT, action TEXT NOT NULL, http_status INTEGER,
                        outputs TEXT, error_message TEXT, updated_at REAL NOT NULL);
                    CREATE UNIQUE INDEX items_by_run_step_key ON items(run_id, step_id, item_key);
                    CREATE INDEX items_by_run_state ON items(run_id, state);
                    CREATE TABLE run_locks (
                        run_id TEXT PRIMARY KEY NOT NULL REFERENCES runs(id) ON DELETE CASCADE, host TEXT NOT NULL,
                        pid INTEGER NOT NULL, token TEXT NOT NULL, heartbeat_at REAL NOT NULL);
                    INSERT INTO runs VALUES ('20261125-142301-7f3a', 'job.yaml', 'abc', '{}', 'sandbox', 'localhost',
                        0, 1795617781.0, NULL, 'running');
                    INSERT INTO items VALUES ('20261125-142301-7f3a', 'shells', 'A-1', 0, 'confirmed', 1, '42',
                        'create', 200, NULL, NULL, 1795617782.0);
                    """)
        }
        try old.close()

        let store = try SQLiteJournalStore(path: journal.path)
        let run = RunID(rawValue: "20261125-142301-7f3a")
        let before = try #require(try await store.item(run: run, step: "shells", key: "A-1"))
        #expect(before.state == .confirmed && before.canvasID == "42")
        #expect(before.outcome == nil)
        #expect(before.changedFields == [])

        var updated = JournalStoreConformance.sampleItem(run, key: "A-2", index: 1, state: .confirmed, action: .update)
        updated.outcome = .updated
        updated.changedFields = ["name"]
        try await store.record(updated, durable: true)
        #expect(try await store.item(run: run, step: "shells", key: "A-2") == updated)
        #expect(try await store.summary(of: run).step("shells")?.outcomes == [.updated: 1])
    }
}
