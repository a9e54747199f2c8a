import AsyncHTTPClient
import Foundation
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct LifecycleTests {
    @Test func publishesRealPortsAndStopsAfterTheBody() async throws {
        let sandbox = try await withSandboxClient(testConfiguration()) { (client) async throws in
            #expect(client.sandbox.port > 0 && client.sandbox.uploadPort > 0)
            #expect(client.sandbox.baseURL == "http://127.0.0.1:\(client.sandbox.port)")
            #expect(try await client.get("/api/v1/accounts/self").status == 200)
            return client.sandbox
        }
        var request = HTTPClientRequest(url: sandbox.baseURL + "/api/v1/accounts/self")
        request.headers.add(name: "Authorization", value: "Bearer \(sandbox.token)")
        await #expect(throws: (any Error).self) {
            // A stopped sandbox refuses the connection; the client retries it until the deadline.
            _ = try await HTTPClient.shared.execute(request, timeout: .seconds(1))
        }
    }

    @Test func generatesATokenWhenNoneIsGiven() async throws {
        try await withSandboxClient { (client) async throws in
            #expect(client.sandbox.tokens.count == 1)
            #expect(client.sandbox.token.hasPrefix("1~") && client.sandbox.token.count > 40)
        }
    }

    @Test func keepsStateInAFileAcrossRestarts() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString).sqlite")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = testConfiguration()
        configuration.statePath = path
        try await withSandboxClient(configuration) { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Kept&course[sis_course_id]=KEPT-1")
            #expect(created.status == 200)
        }
        try await withSandboxClient(configuration) { (client) async throws in
            let found = try await client.get("/api/v1/courses/sis_course_id:KEPT-1")
            #expect(found.json?["name"] == "Kept")
            let next = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=Next")
            #expect(next.json?["id"] != found.json?["id"])
        }
        configuration.statePath = nil
        try await withSandboxClient(configuration) { (client) async throws in
            #expect(try await client.get("/api/v1/courses/sis_course_id:KEPT-1").status == 404)
        }
    }
}
