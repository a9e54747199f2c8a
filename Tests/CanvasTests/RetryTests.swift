import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Testing

@Suite struct RetryTests {
    private static let sectionsPath = CanvasPath.apiV1("courses", "2", "sections")

    private static func createSection(_ name: String, verify: CanvasRequest.Verification? = nil) -> CanvasRequest {
        CanvasRequest(.post, sectionsPath, body: .form(["course_section": ["name": .string(name)]]), verify: verify)
    }

    private static func sections(named name: String, _ harness: SandboxHarness) async throws -> [JSONValue] {
        let all = try await harness.client.getAll(.get(sectionsPath), logger: harness.logger)
        return (all.arrayValue ?? []).filter { $0["name"]?.stringValue == name }
    }

    private static func postCount(_ harness: SandboxHarness) async throws -> Int? {
        try await harness.control("GET", "/__sandbox/stats")["requests_by_route"]?[
            "POST /api/v1/courses/:course_id/sections"]?.intValue
    }

    @Test func aLostWriteWithoutACheckIsInDoubtAndNotSentAgain() async throws {
        try await SandboxHarness.run { harness in
            try await harness.setFaults("lost=1")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.send(Self.createSection("Lost Section"), logger: harness.logger)
            }
            guard case .inDoubt = error?.kind else {
                Issue.record("expected in doubt, got \(String(describing: error))")
                return
            }
            try await harness.setFaults("")
            #expect(try await Self.postCount(harness) == 1)
            // The write ran once: the section exists, once.
            #expect(try await Self.sections(named: "Lost Section", harness).count == 1)
        }
    }

    @Test func aLostWriteWithACheckIsFoundNotResent() async throws {
        try await SandboxHarness.run { harness in
            try await harness.setFaults("lost=1")
            let client = harness.client
            let logger = harness.logger
            let response = try await client.send(
                Self.createSection("Checked Section") {
                    let all = try await client.getAll(.get(Self.sectionsPath), logger: logger)
                    return all.arrayValue?.first { $0["name"]?.stringValue == "Checked Section" }
                },
                logger: harness.logger)
            #expect(response.isReconciled)
            #expect(try response.json()["name"]?.stringValue == "Checked Section")
            try await harness.setFaults("")
            #expect(try await Self.postCount(harness) == 1)
            #expect(try await Self.sections(named: "Checked Section", harness).count == 1)
        }
    }

    @Test func aDroppedWriteWithACheckIsSentAgainOnce() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 8 }) { harness in
            let client = harness.client
            let logger = harness.logger
            // Dropped connections never run the request; a check finds nothing, so sending again is safe.
            try await harness.setFaults("drop=0.3")
            var created = 0
            for index in 0..<12 {
                let name = "Dropped \(index)"
                let response = try await client.send(
                    Self.createSection(name) {
                        let all = try await client.getAll(.get(Self.sectionsPath), logger: logger)
                        return all.arrayValue?.first { $0["name"]?.stringValue == name }
                    },
                    logger: logger)
                #expect(!response.isReconciled)
                created += 1
            }
            try await harness.setFaults("")
            #expect(created == 12)
            for index in 0..<12 { #expect(try await Self.sections(named: "Dropped \(index)", harness).count == 1) }
            let retried = try await harness.logEntries().filter { $0["method"] == "POST" && $0["attempt"] != 1 }
            #expect(!retried.isEmpty)
        }
    }

    @Test func aServerErrorOnAnUncheckedWriteIsInDoubtAndNotRetried() async throws {
        try await SandboxHarness.run { harness in
            try await harness.setFaults("502=1")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.send(Self.createSection("Bad Gateway"), logger: harness.logger)
            }
            guard case .inDoubt(let detail) = error?.kind else {
                Issue.record("a 502 on an unchecked POST was \(String(describing: error))")
                return
            }
            #expect(detail.hasPrefix("Canvas answered 502"))
            #expect(error?.status == 502)
            #expect(try await Self.postCount(harness) == 1)
        }
    }

    @Test func aServerErrorOnACheckedWriteIsLookedUpThenSentAgainOnce() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 10 }) { harness in
            let client = harness.client
            let logger = harness.logger
            // A 5xx here means the sandbox did not run the request: the check finds nothing, so the retry is safe.
            try await harness.setFaults("500=0.3")
            for index in 0..<10 {
                let name = "Server error \(index)"
                _ = try await client.send(
                    Self.createSection(name) {
                        let all = try await client.getAll(.get(Self.sectionsPath), logger: logger)
                        return all.arrayValue?.first { $0["name"]?.stringValue == name }
                    },
                    logger: logger)
            }
            try await harness.setFaults("")
            for index in 0..<10 { #expect(try await Self.sections(named: "Server error \(index)", harness).count == 1) }
            let retried = try await harness.logEntries().filter { $0["method"] == "POST" && $0["attempt"] != 1 }
            #expect(!retried.isEmpty)
        }
    }

    @Test func readsAndIdempotentWritesAreRetriedFreely() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 12 }) { harness in
            try await harness.setFaults("500=0.2,drop=0.1,lost=0.2")
            for index in 0..<15 {
                let course = try await harness.client.json(
                    CanvasRequest(
                        .put, CanvasPath.apiV1("courses", "3"),
                        body: .form(["course": ["name": .string("Renamed \(index)")]])),
                    logger: harness.logger)
                #expect(course["name"]?.stringValue == "Renamed \(index)")
                _ = try await harness.client.json(.get(CanvasPath.apiV1("courses", "3")), logger: harness.logger)
            }
            let attempts = try await harness.logEntries().compactMap { $0["attempt"]?.intValue }
            #expect(attempts.contains { $0 > 1 })
        }
    }

    private static func reportID(_ error: CanvasError) -> String? {
        if case .server(_, let reportID) = error.kind { return reportID }
        return nil
    }
}
