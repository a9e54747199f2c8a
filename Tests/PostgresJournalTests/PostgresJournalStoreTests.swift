import EaselTestSupport
import Execution
import Foundation
import PostgresNIO
import Testing

@testable import PostgresJournal

@Suite(TestDatabase.required) struct PostgresJournalStoreTests {
    @Test(arguments: JournalStoreConformance.allCases)
    func conformsToTheJournalContract(_ check: JournalStoreConformance) async throws {
        // A small batch limit so that the checks also cross batch boundaries.
        try await TestDatabase.withStore(batchLimit: 64) { store in
            try await check.run { store }
        }
    }

    @Test func migratesOnceAndReportsTheVersion() async throws {
        try await TestDatabase.withStore { store in
            #expect(try await store.schemaVersion() == PostgresJournalSchema.currentVersion)
            #expect(try await store.migrate().isEmpty)
            let again = try await PostgresJournalStore.open(store.location)
            defer { again.close() }
            #expect(try await again.schemaVersion() == PostgresJournalSchema.currentVersion)
        }
    }

    @Test func aSecondStoreSeesTheFirstStoresRuns() async throws {
        try await TestDatabase.withStore { store in
            let run = JournalStoreConformance.sampleRun()
            try await store.beginRun(run)
            try await store.record(JournalStoreConformance.sampleItem(run.id, key: "A-1"), durable: true)
            let other = try await PostgresJournalStore.open(store.location)
            defer { other.close() }
            #expect(try await other.run(run.id) == run)
            #expect(try await other.items(run: run.id).map(\.itemKey) == ["A-1"])
        }
    }

    @Test func upsertsMoreItemsThanOneStatementHolds() async throws {
        try await TestDatabase.withStore(batchLimit: 5_000) { store in
            let run = JournalStoreConformance.sampleRun()
            try await store.beginRun(run)
            let count = PostgresJournalStore.rowsPerStatement * 2 + 17
            let items = (0..<count).map { JournalStoreConformance.sampleItem(run.id, key: "k\($0)", index: $0) }
            try await store.record(items, durable: true)
            let stored = try await store.items(run: run.id)
            #expect(stored.count == count)
            #expect(stored.map(\.itemKey) == items.map(\.itemKey))
        }
    }

    @Test func reportsAServerItCannotReachWithoutThePassword() async throws {
        var location = try TestDatabase.location()
        location.host = "127.0.0.1"
        location.socketFolder = nil
        location.port = 9
        location.password = "s3cret-password"
        await #expect {
            _ = try await PostgresJournalStore.open(location)
        } throws: { error in
            guard case .storageFailed(let path, let reason) = error as? JournalError else { return false }
            return path.contains("127.0.0.1:9") && !path.contains("s3cret") && !reason.contains("s3cret")
        }
    }
}

extension PostgresJournalStoreTests {
    /// A journal at version 2, from before items had outcomes, gains the columns and keeps its items.
    @Test func aVersionThreeJournalGainsTheOutcomeColumns() async throws {
        try await TestDatabase.withStore { store in
            let run = JournalStoreConformance.sampleRun()
            try await store.beginRun(run)
            try await store.record(
                JournalStoreConformance.sampleItem(run.id, key: "A-1", state: .confirmed), durable: true)
            // Back to the version-3 schema (before-values, no outcomes), as an older Easel left it.
            try await store.client.query("ALTER TABLE items DROP COLUMN outcome, DROP COLUMN changed_fields")
            try await store.client.query("DELETE FROM schema_versions WHERE version = 4")
            #expect(try await store.schemaVersion() == 3)

            let reopened = try await PostgresJournalStore.open(store.location)
            defer { reopened.close() }
            #expect(try await reopened.schemaVersion() == PostgresJournalSchema.currentVersion)
            let kept = try #require(try await reopened.item(run: run.id, step: "shells", key: "A-1"))
            #expect(kept.state == .confirmed && kept.outcome == nil && kept.changedFields == [])
            var updated = JournalStoreConformance.sampleItem(run.id, key: "A-2", state: .confirmed, action: .update)
            updated.outcome = .updated
            updated.changedFields = ["name", "course_code"]
            try await reopened.record(updated, durable: true)
            #expect(try await reopened.item(run: run.id, step: "shells", key: "A-2") == updated)
        }
    }
}
