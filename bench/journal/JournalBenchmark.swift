import ArgumentParser
import Execution
import Foundation
import JSONValues
import Journal
import PostgresJournal

/// The journal's share of a large apply: the journal's own work for N items, written as the executor writes them,
/// on the in-memory, SQLite and PostgreSQL stores, divided by the wall time of a whole apply of N items.
///
/// Each item gets the two records the executor journals for a request step with a `verify:` read (the scale
/// benchmark's job): `intent`, durable before the request is sent, then `confirmed`, which shares the next batch's
/// commit. `--parallelism` workers record at once, as the executor's items in flight do, so durable records are
/// group-committed as they are in a real run. No request is sent: the time is the journal's alone.
@main
struct JournalBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Times the journal's work for an apply of N items on each store, as a share of the apply.")

    @Option(help: "Items of the apply.")
    var items = 100_000

    @Option(help: "Items recorded at once (the apply's --parallelism).")
    var parallelism = 32

    @Option(help: "Runs per store, alternating between the stores.")
    var runs = 3

    @Option(help: "Wall seconds of a whole apply of the same items, to divide by (bench/README.md's latest figure).")
    var applySeconds = 338.39

    @Option(
        help: ArgumentHelp(
            "The PostgreSQL database (default: $EASEL_TEST_POSTGRES_URL, else $EASEL_STATE_URL); each run gets a "
                + "schema of its own.", valueName: "postgres://USER@HOST:PORT/DB"))
    var stateURL: String?

    enum Store: String, CaseIterable {
        case memory = "in memory"
        case sqlite = "SQLite"
        case postgres = "PostgreSQL"
    }

    func validate() throws {
        guard items > 0, parallelism > 0, runs > 0, applySeconds > 0 else {
            throw ValidationError("--items, --parallelism, --runs and --apply-seconds must be positive")
        }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let url = [stateURL, environment["EASEL_TEST_POSTGRES_URL"], environment["EASEL_STATE_URL"]]
            .compactMap { $0 }.first { !$0.isEmpty }
        guard let url else {
            throw ValidationError("no PostgreSQL: pass --state-url, or run under scripts/with-postgres.sh")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-journal-bench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var seconds: [Store: [Double]] = [:]
        for round in 1...runs {
            for store in Store.allCases {
                let name = "r\(round)_\(UUID().uuidString.prefix(8).lowercased())"
                let journal: any JournalStore
                switch store {
                case .memory: journal = InMemoryJournalStore()
                case .sqlite:
                    journal = try SQLiteJournalStore(path: folder.appendingPathComponent(name + ".sqlite").path)
                case .postgres:
                    let separator = url.contains("?") ? "&" : "?"
                    journal = try await PostgresJournalStore.open(
                        PostgresLocation(url: url + separator + "schema=bench_" + name))
                }
                let elapsed = try await time(journal)
                if let postgres = journal as? PostgresJournalStore { postgres.close() }
                seconds[store, default: []].append(elapsed)
                FileHandle.standardError.write(Data("run \(round) \(store.rawValue): \(format(elapsed)) s\n".utf8))
            }
        }
        print(report(seconds))
    }

    /// The seconds `journal` takes to record every item's intent and confirmation, from the first record to the
    /// last commit.
    private func time(_ journal: any JournalStore) async throws -> Double {
        let runID = RunID.generate()
        try await journal.beginRun(
            RunRecord(
                id: runID, jobPath: "scale-request.yaml", jobHash: String(repeating: "0", count: 64),
                environmentName: "bench", environmentHost: "127.0.0.1", isProduction: false, startedAt: Date()))
        let (items, parallelism) = (items, parallelism)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<parallelism {
                group.addTask {
                    for index in stride(from: worker, to: items, by: parallelism) {
                        let key = "BENCH-\(index)"
                        try await journal.record(
                            ItemRecord(
                                runID: runID, stepID: "courses", itemKey: key, itemIndex: index, state: .intent,
                                attempts: 1, action: .request, updatedAt: Date()),
                            durable: true)
                        let id = 100_000 + index
                        try await journal.record(
                            ItemRecord(
                                runID: runID, stepID: "courses", itemKey: key, itemIndex: index, state: .confirmed,
                                attempts: 1, canvasID: "\(id)", action: .request, httpStatus: 200,
                                outputs: ["id": .int(id)], updatedAt: Date()),
                            durable: false)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await journal.flush()
        try await journal.finishRun(runID, status: .succeeded, at: Date())
        let elapsed = clock.now - start
        let confirmed = try await journal.summary(of: runID)[.confirmed]
        guard confirmed == items else {
            throw ValidationError("the journal holds \(confirmed) confirmed items, not \(items)")
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    private func report(_ seconds: [Store: [Double]]) -> String {
        let applyText = format(applySeconds)
        var lines = [
            "Journal of a \(items)-item apply: intent (durable) + confirmed per item, \(parallelism) at once, "
                + "\(runs) alternating runs per store; share = mean / \(applyText) s (the whole apply)",
            pad("store", 12) + (1...runs).map { pad("run \($0) s", 10, right: true) }.joined()
                + pad("mean s", 10, right: true) + pad("items/s", 10, right: true) + pad("share", 9, right: true)
                + pad("x memory", 10, right: true),
        ]
        let memoryMean = mean(seconds[.memory] ?? [])
        for store in Store.allCases {
            let runs = seconds[store] ?? []
            let average = mean(runs)
            lines.append(
                pad(store.rawValue, 12) + runs.map { pad(format($0), 10, right: true) }.joined()
                    + pad(format(average), 10, right: true)
                    + pad(String(Int((Double(items) / average).rounded())), 10, right: true)
                    + pad(String(format: "%.2f%%", average / applySeconds * 100), 9, right: true)
                    + pad(String(format: "%.1f", average / memoryMean), 10, right: true))
        }
        return lines.joined(separator: "\n")
    }

    private func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
    private func format(_ value: Double) -> String { String(format: "%.2f", value) }
    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
