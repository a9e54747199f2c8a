import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import Logging
import Sandbox

/// A running sandbox with a Canvas client pointed at it and a request log in a temporary file.
struct SandboxHarness: Sendable {
    let sandbox: RunningSandbox
    let client: CanvasClient
    let requestLog: RequestLog
    let logPath: String
    let logger = Logger(label: "easel.canvas.tests")

    /// Starts a sandbox configured by `configure`, a client configured by `adjust`, runs `body`, and tears both down.
    static func run<T: Sendable>(
        sandbox configure: (inout SandboxConfiguration) -> Void = { _ in },
        client adjust: @escaping @Sendable (inout CanvasClientConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (SandboxHarness) async throws -> T
    ) async throws -> T {
        var configuration = SandboxConfiguration()
        configuration.tokens = [randomCanvasToken()]
        configure(&configuration)
        return try await withSandbox(configuration) { sandbox in
            var clientConfiguration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init),
                retry: RetryPolicy(
                    baseDelay: .milliseconds(50), maximumDelay: .seconds(1), settleDelay: .milliseconds(50)))
            adjust(&clientConfiguration)
            let logPath = NSTemporaryDirectory() + "easel-requests-\(UUID().uuidString).jsonl"
            let requestLog = try RequestLog(path: logPath)
            return try await withCanvasClient(clientConfiguration, requestLog: requestLog) { client in
                try await body(
                    SandboxHarness(sandbox: sandbox, client: client, requestLog: requestLog, logPath: logPath))
            }
        }
    }

    /// The request log's lines, parsed.
    func logEntries() async throws -> [JSONValue] {
        let text = try String(contentsOfFile: logPath, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONValue(parsing: String($0)) }
    }

    /// The request log's raw text.
    func logText() throws -> String { try String(contentsOfFile: logPath, encoding: .utf8) }

    /// Calls the sandbox's control surface (`/__sandbox/…`), which is not Canvas and so not the client's business.
    func control(_ method: String, _ path: String, form: String? = nil) async throws -> JSONValue {
        try await SandboxControl.send(method, path, form: form, to: sandbox)
    }

    /// Sets the sandbox's injected faults (`lost=1`, `500=0.5`, …).
    func setFaults(_ spec: String) async throws {
        _ = try await control("PUT", "/__sandbox/faults", form: "spec=" + FormEncoding.encodeComponent(spec))
    }
}
