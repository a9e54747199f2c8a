public import Canvas
public import Execution
public import Foundation
public import JSONValues
public import JobSpec
public import Journal
public import Logging
public import PlanModel
import Planning
import RunContext
public import Sandbox

/// A sandbox, a client pointed at it, and a state folder with a real SQLite journal in a temporary folder: what
/// `easel apply` uses, driven in-process. A ``SandboxHarness`` with a journal.
public struct ApplyHarness: Sendable {
    /// The sandbox, the client and the temporary folder this harness adds a journal to.
    public let canvas: SandboxHarness
    /// The run journal, in `stateDirectory`.
    public let journal: SQLiteJournalStore
    /// The state folder, `state` in `folder`: the journal, and per run its folder.
    public let stateDirectory: StateDirectory
    /// A logger that discards everything.
    public static let logger = SandboxHarness.logger
    /// The environment plans and runs name.
    public static let environment = PlanEnvironment(name: "sandbox", host: "test sandbox", isProduction: false)

    /// The sandbox the client talks to.
    public var sandbox: RunningSandbox { canvas.sandbox }
    /// A client with the sandbox's tokens and short retry delays.
    public var client: CanvasClient { canvas.client }
    /// A temporary folder for job files, the state folder and exports, removed afterwards.
    public var folder: URL { canvas.folder }

    /// Runs `body` with a fresh sandbox configured by `configure`, and a client on `clock`, and removes the folder
    /// afterwards.
    public static func run<T: Sendable>(
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        clock: CanvasClock = .continuous,
        _ body: @Sendable (ApplyHarness) async throws -> T
    ) async throws -> T {
        try await SandboxHarness.run(
            sandbox: configure,
            client: {
                $0.retry = RetryPolicy(
                    baseDelay: .milliseconds(20), maximumDelay: .milliseconds(200), settleDelay: .milliseconds(20))
                $0.clock = clock
            }
        ) { canvas in
            let stateDirectory = StateDirectory(url: canvas.folder.appendingPathComponent("state", isDirectory: true))
            try stateDirectory.create()
            let journal = try SQLiteJournalStore(stateDirectory: stateDirectory)
            return try await body(ApplyHarness(canvas: canvas, journal: journal, stateDirectory: stateDirectory))
        }
    }

    /// Writes a job file (and data files beside it) into the folder and loads it.
    public func job(_ text: String, files: [String: String] = [:]) throws -> StepGraph {
        for (name, contents) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent("job-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try StepGraph.load(path: path)
    }

    /// Begins a run of `graph` in the journal.
    public func beginRun(_ graph: StepGraph, jobPath: String = "job.yaml") async throws -> RunID {
        let id = RunID.generate()
        try await journal.beginRun(
            RunRecord(
                id: id, jobPath: jobPath, jobHash: try JobFingerprint.hash(of: graph.spec),
                environmentName: "sandbox", environmentHost: Self.environment.host, isProduction: false,
                startedAt: Date()))
        return id
    }

    /// Runs (or resumes) run `id` of `graph` to its end and journals how it ended.
    @discardableResult
    public func execute(
        _ graph: StepGraph, run id: RunID, configure: (inout Executor.Options) -> Void = { _ in }
    ) async throws -> RunOutcome {
        var options = Executor.Options()
        options.exportDirectory = folder
        configure(&options)
        let outcome = try await Executor(
            graph: graph, client: client, journal: journal, runID: id, options: options, logger: Self.logger
        ).run()
        try await journal.finishRun(id, status: outcome.status)
        return outcome
    }

    /// Begins and runs a new run of `graph`.
    public func apply(_ graph: StepGraph, configure: (inout Executor.Options) -> Void = { _ in }) async throws
        -> RunOutcome
    {
        try await execute(graph, run: try await beginRun(graph), configure: configure)
    }

    /// The plan of `graph` on the sandbox as it is now.
    public func plan(_ graph: StepGraph, jobPath: String = "job.yaml") async throws -> Plan {
        try await Planner(
            graph: graph, jobPath: jobPath, client: client, environment: Self.environment, easelVersion: "test",
            logger: Self.logger
        ).plan()
    }

    /// A GET through the client, every page.
    public func get(_ path: String, query: JSONValue = [:]) async throws -> JSONValue {
        try await client.getAll(CanvasRequest(.get, path, query: query), logger: Self.logger)
    }

    /// Sets the sandbox's injected faults.
    public func setFaults(_ spec: String) async throws {
        try await canvas.setFaults(spec)
    }
}
