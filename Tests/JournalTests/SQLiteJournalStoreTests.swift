import EaselTestSupport
import Execution
import Foundation
import Journal
import Testing

@Suite struct SQLiteJournalStoreTests {
    @Test(arguments: JournalStoreConformance.allCases)
    func conformsToTheJournalContract(_ check: JournalStoreConformance) async throws {
        let journal = TemporaryJournal()
        // A small batch limit so that the checks also cross batch boundaries.
        try await check.run { [path = journal.path] in try SQLiteJournalStore(path: path, batchLimit: 64) }
    }

    @Test func createsItsFoldersAndReopensAnExistingFile() async throws {
        let journal = TemporaryJournal()
        let run = JournalStoreConformance.sampleRun()
        do {
            let store = try SQLiteJournalStore(path: journal.path)
            try await store.beginRun(run)
        }
        #expect(FileManager.default.fileExists(atPath: journal.path))
        let reopened = try SQLiteJournalStore(path: journal.path)
        #expect(try await reopened.run(run.id) == run)
    }

    @Test func theJournalIsInWriteAheadLogMode() async throws {
        let journal = TemporaryJournal()
        let store = try SQLiteJournalStore(path: journal.path)
        try await store.beginRun(JournalStoreConformance.sampleRun())
        // Bytes 18 and 19 of an SQLite file are its write and read format versions: 2 in WAL mode, 1 otherwise.
        let header = try #require(FileHandle(forReadingAtPath: journal.path)).readData(ofLength: 100)
        #expect(header.count == 100)
        #expect(header.prefix(16) == Data("SQLite format 3\0".utf8))
        #expect(header[header.startIndex + 18] == 2 && header[header.startIndex + 19] == 2)
    }

    @Test func reportsAJournalItCannotCreate() throws {
        let journal = TemporaryJournal()
        try FileManager.default.createDirectory(at: journal.folder, withIntermediateDirectories: true)
        let blocker = journal.folder.appendingPathComponent("state")
        try Data("not a folder".utf8).write(to: blocker)
        #expect {
            try SQLiteJournalStore(path: journal.path)
        } throws: { error in
            guard case .storageFailed(let path, _) = error as? JournalError else { return false }
            return path == journal.path
        }
    }

    @Test func durableRecordsAreVisibleToAnotherStoreOnTheSameFile() async throws {
        let journal = TemporaryJournal()
        let writer = try SQLiteJournalStore(path: journal.path, batchLimit: 10_000, flushDelay: .seconds(3600))
        let run = JournalStoreConformance.sampleRun()
        try await writer.beginRun(run)
        let durable = (0..<10).map { JournalStoreConformance.sampleItem(run.id, key: "d\($0)", index: $0) }
        try await writer.record(durable, durable: true)
        let queued = (0..<500).map { JournalStoreConformance.sampleItem(run.id, key: "q\($0)", index: $0) }
        try await writer.record(queued, durable: false)

        // The second store reads the file: durable rows are there, queued ones are not yet, and none in part.
        let reader = try SQLiteJournalStore(path: journal.path)
        #expect(try await reader.run(run.id) == run)
        #expect(try await reader.items(run: run.id) == durable)

        try await writer.flush()
        #expect(try await reader.items(run: run.id).count == 510)

        try await writer.finishRun(run.id, status: .succeeded, at: JournalStoreConformance.sampleStart)
        #expect(try await reader.run(run.id)?.status == .succeeded)
    }

    @Test func queuedRecordsAreCommittedAfterTheFlushDelay() async throws {
        let journal = TemporaryJournal()
        let writer = try SQLiteJournalStore(path: journal.path, batchLimit: 10_000, flushDelay: .milliseconds(20))
        let run = JournalStoreConformance.sampleRun()
        try await writer.beginRun(run)
        try await writer.record([JournalStoreConformance.sampleItem(run.id, key: "late")], durable: false)
        let reader = try SQLiteJournalStore(path: journal.path)
        var seen = 0
        // The flush is the writer's own timer on the real clock; another connection sees its commit only by looking.
        for _ in 0..<200 where seen == 0 {
            try await Task.sleep(for: .milliseconds(10))
            seen = try await reader.items(run: run.id).count
        }
        #expect(seen == 1)
    }

    @Test func committedRecordsSurviveAKilledProcess() async throws {
        let journal = TemporaryJournal()
        let path = journal.path
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let store = try SQLiteJournalStore(path: path, batchLimit: 100_000, flushDelay: .seconds(3600))
            let run = JournalStoreConformance.sampleRun()
            try await store.beginRun(run)
            for index in 0..<100 {
                let item = JournalStoreConformance.sampleItem(run.id, key: "c\(index)", index: index, state: .confirmed)
                try await store.record(item, durable: index.isMultiple(of: 10) || index == 99)
            }
            try await store.record(
                (0..<50).map { JournalStoreConformance.sampleItem(run.id, key: "queued\($0)", index: $0) },
                durable: false)
            kill(getpid(), SIGKILL)
        }
        let store = try SQLiteJournalStore(path: path)
        let run = try #require(try await store.run(RunID(rawValue: "20261125-142301-7f3a")))
        #expect(run.status == .running)
        let items = try await store.items(run: run.id)
        #expect(items.filter { $0.state == .confirmed }.count == 100)
        #expect(items.count == 100 || items.count == 150)
    }

    @Test func aKillDuringWritesLeavesOnlyWholeBatches() async throws {
        let journal = TemporaryJournal()
        let path = journal.path
        await #expect(processExitsWith: .signal(SIGKILL)) { [path = path as String] in
            let store = try SQLiteJournalStore(path: path, batchLimit: 1_000, flushDelay: .seconds(3600))
            let run = JournalStoreConformance.sampleRun()
            try await store.beginRun(run)
            // After three committed batches, a kill lands a few milliseconds later while later batches are being
            // written; which batch it hits varies from run to run.
            var killer: Task<Void, any Error>?
            for batch in 0..<1_000 {
                if batch == 3 {
                    killer = Task {
                        try await Task.sleep(for: .milliseconds(Int.random(in: 1...30)))
                        kill(getpid(), SIGKILL)
                    }
                }
                let items = (0..<1_000).map {
                    JournalStoreConformance.sampleItem(run.id, key: "b\(batch)-\($0)", index: batch * 1_000 + $0)
                }
                try await store.record(items, durable: false)
            }
            try await killer?.value
        }
        let store = try SQLiteJournalStore(path: path)
        let summary = try await store.summary(of: RunID(rawValue: "20261125-142301-7f3a"))
        #expect(summary.total.isMultiple(of: 1_000))
        #expect(summary.total >= 3_000 && summary.total < 1_000_000)
    }
}
