import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

@Suite struct TokenSecrecyTests {
    @Test func theTokenAppearsInNoLogLineErrorOrFile() async throws {
        let token = randomCanvasToken()
        try await SandboxHarness.run(
            sandbox: {
                $0.tokens = [token]
                $0.maximumPerPage = 50
            },
            client: { $0.retry.maximumAttempts = 2 }
        ) { harness in
            var messages: [String] = []
            _ = try await harness.client.getAll(
                .get(CanvasPath.apiV1("accounts", "1", "users")), logger: harness.logger)
            _ = try await harness.client.upload(
                CanvasUploadFile(name: "a.txt", contentType: "text/plain", data: Array("hello".utf8)),
                to: CanvasPath.apiV1("courses", "2", "files"), logger: harness.logger)
            for request in [
                CanvasRequest.get(CanvasPath.apiV1("courses", "sis_course_id:missing")),
                CanvasRequest(.get, CanvasPath.apiV1("accounts", "1", "users"), asUserID: "sis_user_id:u0100"),
                CanvasRequest(
                    .post, CanvasPath.apiV1("accounts", "1", "courses"), query: ["access_token": .string(token)]),
            ] {
                do {
                    _ = try await harness.client.send(request, logger: harness.logger)
                } catch {
                    messages.append(String(describing: error))
                    messages.append(String(reflecting: error))
                }
            }
            try await harness.setFaults("500=1")
            do {
                _ = try await harness.client.send(.get(CanvasPath.apiV1("courses", "2")), logger: harness.logger)
            } catch {
                messages.append(String(describing: error))
            }
            try await harness.setFaults("")

            let configuration = harness.client.configuration
            messages.append(String(describing: configuration))
            messages.append(String(reflecting: configuration.tokens))
            messages.append(String(describing: await harness.client.throttleSnapshots()))
            #expect(messages.count >= 5)
            for message in messages { #expect(!message.contains(token), "leaked in: \(message.prefix(80))") }

            let log = try harness.logText()
            #expect(log.contains("[redacted]"))
            #expect(!log.contains(token))
            #expect(!log.contains(String(token.dropFirst(2).prefix(20))))
            #expect(try await harness.logEntries().count > 8)
        }
    }

    @Test func logLinesCarryWhatAnAdminNeeds() async throws {
        try await SandboxHarness.run { harness in
            _ = try? await harness.client.send(.get(CanvasPath.apiV1("courses", "999999")), logger: harness.logger)
            let entries = try await harness.logEntries()
            let entry = try #require(entries.first)
            let time = try #require(entry["time"]?.stringValue)
            // A time with its zone: `2026-11-25T09:30:00.123Z` or `…+01:00`.
            #expect(time.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/#) != nil)
            #expect(entry["method"] == "GET")
            #expect(entry["status"] == 404)
            #expect(entry["attempt"] == 1)
            #expect(entry["duration_ms"]?.doubleValue != nil)
            #expect(entry["request_cost"]?.doubleValue != nil)
            #expect(entry["rate_limit_remaining"]?.doubleValue != nil)
            #expect(entry["error"]?.stringValue?.contains("does not exist") == true)
            #expect(entry["url"]?.stringValue == harness.sandbox.baseURL + "/api/v1/courses/999999")
        }
    }
}
