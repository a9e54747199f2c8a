import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import Logging
import Planning
import Sandbox
import Undo

/// A demo sandbox, a client, and a real SQLite journal in a temporary folder: runs a job, undoes it the way
/// `easel undo` and `easel apply PLAN` do, and reads Canvas's state back.
struct UndoHarness: Sendable {
    let sandbox: RunningSandbox
    let client: CanvasClient
    let journal: SQLiteJournalStore
    let folder: URL
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    static let environment = PlanEnvironment(name: "sandbox", host: "test sandbox", isProduction: false)

    /// Runs `body` with a fresh demo sandbox, and removes the folder afterwards.
    static func run<T: Sendable>(_ body: @Sendable (UndoHarness) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-undo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = try SQLiteJournalStore(path: folder.appendingPathComponent("journal.sqlite").path)
        return try await withSandbox(SandboxConfiguration()) { sandbox in
            let configuration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init),
                retry: RetryPolicy(
                    baseDelay: .milliseconds(20), maximumDelay: .milliseconds(200), settleDelay: .milliseconds(20)))
            return try await withCanvasClient(configuration) { client in
                try await body(UndoHarness(sandbox: sandbox, client: client, journal: journal, folder: folder))
            }
        }
    }

    /// Writes a job file (and data files beside it) into the folder and loads it.
    func job(_ text: String, files: [String: String] = [:]) throws -> StepGraph {
        for (name, contents) in files {
            try contents.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent("job-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try StepGraph.load(path: path)
    }

    /// Plans `graph` and applies exactly that plan in a new journaled run, as `easel apply PLAN` does.
    @discardableResult
    func apply(_ graph: StepGraph, jobPath: String) async throws -> (RunID, RunOutcome) {
        let plan = try await Planner(
            graph: graph, jobPath: jobPath, client: client, environment: Self.environment, easelVersion: "test",
            logger: Self.logger
        ).plan()
        let id = RunID.generate()
        try await journal.beginRun(
            RunRecord(
                id: id, jobPath: jobPath, jobHash: try JobFingerprint.hash(of: graph.spec),
                environmentName: "sandbox", environmentHost: Self.environment.host, isProduction: false,
                startedAt: Date()))
        var options = Executor.Options()
        options.reviewedPlan = plan
        options.exportDirectory = folder
        let outcome = try await Executor(
            graph: graph, client: client, journal: journal, runID: id, options: options, logger: Self.logger
        ).run()
        try await journal.finishRun(id, status: outcome.status)
        return (id, outcome)
    }

    /// What undoing run `id` of `graph` takes.
    func undoWork(_ id: RunID, of graph: StepGraph?, options: UndoOptions = .init()) async throws -> UndoWork {
        try await UndoPlanner(journal: journal, client: client, graph: graph, logger: Self.logger)
            .plan(run: id, options: options)
    }

    /// Undoes run `id`: writes the undo job, plans it and applies that plan; returns what was left alone and how
    /// the undo run ended.
    @discardableResult
    func undo(_ id: RunID, of graph: StepGraph?, options: UndoOptions = .init()) async throws -> (
        work: UndoWork, outcome: RunOutcome, plan: Plan
    ) {
        let work = try await undoWork(id, of: graph, options: options)
        let job = UndoJob(undoing: id.rawValue, jobPath: "job.yaml", requests: work.requests)
        let path = try job.write(to: folder.appendingPathComponent("undo-\(id.rawValue)", isDirectory: true))
        let undoGraph = try StepGraph.load(path: path)
        let plan = try await Planner(
            graph: undoGraph, jobPath: path, client: client, environment: Self.environment, easelVersion: "test",
            logger: Self.logger
        ).plan()
        let (_, outcome) = try await apply(undoGraph, jobPath: path)
        return (work, outcome, plan)
    }

    /// A GET through the client, every page.
    func get(_ path: String, query: JSONValue = [:]) async throws -> JSONValue {
        try await client.getAll(CanvasRequest(.get, path, query: query), logger: Self.logger)
    }

    /// A write through the client, as someone changing Canvas by hand.
    func put(_ path: String, body: JSONValue) async throws {
        _ = try await client.json(CanvasRequest(.put, path, body: .form(body)), logger: Self.logger)
    }
}
