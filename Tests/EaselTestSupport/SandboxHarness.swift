public import Canvas
public import Foundation
public import JSONValues
public import Logging
import RunContext
public import Sandbox

/// A running sandbox, a Canvas client pointed at it that writes a request log, and a temporary folder, removed
/// afterwards: what every test that talks to the sandbox starts from (``ApplyHarness`` adds a journal and a state
/// folder in the same folder).
public struct SandboxHarness: Sendable {
    /// The sandbox the client talks to.
    public let sandbox: RunningSandbox
    /// A client with the sandbox's tokens, short retry delays unless the test says otherwise, and a request log.
    public let client: CanvasClient
    /// A temporary folder for what the test writes, removed afterwards.
    public let folder: URL
    /// The client's request log, `requests.jsonl` in the folder, its lines labelled with step and item as a run's.
    public let logPath: String
    /// A logger that discards everything.
    public static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    /// ``logger``, for the client's calls.
    public var logger: Logger { Self.logger }

    /// Starts a sandbox configured by `configure` and a client configured by `adjust` (by default on the
    /// continuous clock, retrying after 50 ms to 1 s), runs `body`, and tears both down and removes the folder.
    public static func run<T: Sendable>(
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        client adjust: (inout CanvasClientConfiguration) -> Void = { _ in },
        _ body: @Sendable (SandboxHarness) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configuration.tokens = [randomCanvasToken()]
        configure(&configuration)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let logPath = folder.appendingPathComponent("requests.jsonl").path
        let requestLog = try RequestLog(path: logPath, labelColumns: CanvasRequestContext.itemLabelColumns)
        return try await withSandbox(configuration) { sandbox in
            var clientConfiguration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init),
                retry: RetryPolicy(
                    baseDelay: .milliseconds(50), maximumDelay: .seconds(1), settleDelay: .milliseconds(50)))
            adjust(&clientConfiguration)
            return try await withCanvasClient(clientConfiguration, requestLog: requestLog) { client in
                try await body(SandboxHarness(sandbox: sandbox, client: client, folder: folder, logPath: logPath))
            }
        }
    }

    /// The request log's lines, parsed.
    public func logEntries() async throws -> [JSONValue] {
        try logText().split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    /// The request log's raw text.
    public func logText() throws -> String { try String(contentsOfFile: logPath, encoding: .utf8) }

    /// Calls the sandbox's control surface (`/__sandbox/…`), which is not Canvas and so not the client's business.
    @discardableResult
    public func control(_ method: String, _ path: String, form: String? = nil) async throws -> JSONValue {
        try await SandboxControl.send(method, path, form: form, to: sandbox)
    }

    /// Sets the sandbox's injected faults (`lost=1`, `500=0.5`, …).
    public func setFaults(_ spec: String) async throws {
        try await control("PUT", "/__sandbox/faults", form: "spec=" + FormEncoding.encodeComponent(spec))
    }
}
