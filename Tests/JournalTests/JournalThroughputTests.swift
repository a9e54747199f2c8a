import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Journal
import Testing

/// Measures what journaling costs next to the requests it records.
///
/// It prints the rate of 100,000 items in the SQLite journal next to the in-memory one, and asserts only that every
/// item arrived, as timings vary by machine.
@Suite struct JournalThroughputTests {
    static let itemCount = 100_000
    static let batchSize = 500

    @Test func recordsOneHundredThousandItems() async throws {
        let journal = TemporaryJournal()
        let sqlite = try SQLiteJournalStore(path: journal.path)
        let sqliteRate = try await itemsPerSecond(sqlite)
        let memoryRate = try await itemsPerSecond(InMemoryJournalStore())
        print(
            """
            journal throughput, \(Self.itemCount) items in batches of \(Self.batchSize): \
            SQLite \(Int(sqliteRate)) items/s, in memory \(Int(memoryRate)) items/s, \
            ratio \(String(format: "%.1f", memoryRate / sqliteRate))x
            """)
    }

    private func itemsPerSecond(_ store: any JournalStore) async throws -> Double {
        let run = JournalStoreConformance.sampleRun()
        try await store.beginRun(run)
        let clock = ContinuousClock()
        let start = clock.now
        for batchStart in stride(from: 0, to: Self.itemCount, by: Self.batchSize) {
            let batch = (batchStart..<batchStart + Self.batchSize).map { index in
                var item = JournalStoreConformance.sampleItem(
                    run.id, step: "step\(index % 4)", key: "sis_course_id:C-\(index)", index: index, state: .confirmed)
                item.canvasID = "\(100_000 + index)"
                item.httpStatus = 200
                item.attempts = 1
                item.outputs = [
                    "id": .int(100_000 + index), "name": .string("Course \(index)"), "workflow_state": "available",
                ]
                return item
            }
            try await store.record(batch, durable: false)
        }
        try await store.flush()
        let elapsed = clock.now - start
        let summary = try await store.summary(of: run.id)
        #expect(summary.total == Self.itemCount)
        #expect(summary[.confirmed] == Self.itemCount)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(Self.itemCount) / max(seconds, 1e-9)
    }
}
