import EaselTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import Logging
import NIOCore
import Testing

@testable import Canvas

/// Secrets in what Easel logs and reports: credential query values in any URL, and a token a server echoes back.
@Suite struct EchoedSecretTests {
    @Test(
        "credential query values are redacted for every host",
        arguments: [
            (
                "https://files.example.com/a.pdf?X-Amz-Signature=abc&X-Amz-Credential=def&name=a",
                "https://files.example.com/a.pdf?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]&name=a"
            ),
            ("/api/v1/x?token=abc&page=2", "/api/v1/x?token=[redacted]&page=2"),
            ("https://c.test/x?ACCESS_TOKEN=abc", "https://c.test/x?ACCESS_TOKEN=[redacted]"),
            (
                "https://c.test/x?api_key=abc&sig=def&Signature=ghi#top",
                "https://c.test/x?api_key=[redacted]&sig=[redacted]&Signature=[redacted]#top"
            ),
            (
                "https://c.test/x?x%2Damz%2Dsecurity%2Dtoken=abc",
                "https://c.test/x?x%2Damz%2Dsecurity%2Dtoken=[redacted]"
            ),
            ("https://c.test/x?signed=1&tokens=2", "https://c.test/x?signed=1&tokens=2"),
        ])
    func redaction(url: String, expected: String) {
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test func aTokenEchoedInAnErrorBodyIsInNoErrorOrLogLine() async throws {
        let router = Router()
        router.post("/api/v1/echo") { request, _ in
            let sent = request.headers[.authorization] ?? ""
            let body = #"{"errors": {"name": [{"message": "the header was \#(sent)", "type": "invalid"}]}}"#
            return Response(
                status: .badRequest, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/api/v1/throttle") { request, _ in
            Response(
                status: .forbidden,
                body: .init(
                    byteBuffer: ByteBuffer(string: "Rate Limit Exceeded for \(request.headers[.authorization] ?? "")")))
        }
        let token = randomCanvasToken()
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "easel-echo-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: logPath) }
        let log = try RequestLog(path: logPath.path)
        try await RedirectTests.serve(router) { port in
            let configuration = CanvasClientConfiguration(
                baseURL: "http://127.0.0.1:\(port)", tokens: [CanvasToken(token)],
                retry: RetryPolicy(
                    maximumThrottledAttempts: 1, maximumTotalTime: .seconds(2), baseDelay: .milliseconds(5)))
            try await withCanvasClient(configuration, requestLog: log) { client in
                var messages: [String] = []
                for path in ["/api/v1/echo", "/api/v1/throttle"] {
                    do {
                        let method: CanvasRequest.Method = path.hasSuffix("echo") ? .post : .get
                        _ = try await client.send(CanvasRequest(method, path), logger: RedirectTests.logger)
                        Issue.record("\(path) should have failed")
                    } catch let error as CanvasError {
                        messages += [error.description, String(reflecting: error), error.bodyExcerpt ?? ""]
                        if case .validation(let fields) = error.kind { messages.append("\(fields)") }
                    }
                }
                #expect(messages.contains { $0.contains("the header was Bearer [redacted]") }, "\(messages)")
                for message in messages { #expect(!message.contains(token), "leaked in: \(message.prefix(120))") }
            }
        }
        let logged = try String(contentsOf: logPath, encoding: .utf8)
        #expect(logged.contains("[redacted]"))
        #expect(!logged.contains(token))
    }
}
