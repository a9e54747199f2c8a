import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct ControlTests {
    @Test func statsCountRequestsByMethodAndRoute() async throws {
        try await withSandboxClient { (client) async throws in
            _ = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE")
            _ = try await client.get("/api/v1/courses/1")
            _ = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=A")
            let stats = try await client.stats()
            #expect(stats["requests_by_route"]?["GET /api/v1/courses/:course_id"] == 2)
            #expect(stats["requests_by_route"]?["POST /api/v1/accounts/:account_id/courses"] == 1)
            #expect(stats["requests_by_method"]?["GET"] == 2)
            #expect(stats["total_requests"] == 3)
            #expect(stats["peak_in_flight"]?["token-1"] == 1)
        }
    }

    /// A denied request is answered as Canvas answers a user without the permission; others are not, and an
    /// empty list allows everything again.
    @Test(arguments: [401, 403])
    func deniedRequestsAreAnsweredAsCanvasRefusesAPermission(status: Int) async throws {
        var configuration = SandboxConfiguration()
        configuration.notPermittedStatus = status
        try await withSandboxClient(configuration) { (client) async throws in
            let denied = client.sandbox.controlURL("/__sandbox/denied")
            let set = try await client.send(
                .PUT, denied,
                json: ["requests": ["POST /api/v1/accounts/:account_id/courses", "GET /api/v1/courses/1"]])
            #expect(set.status == 200, "\(set.text)")
            let refused = try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=A")
            #expect(refused.status == status)
            #expect(
                refused.json
                    == [
                        "status": "unauthorized", "errors": [["message": "user not authorized to perform that action"]],
                    ])
            #expect(refused.header("WWW-Authenticate") == nil)
            #expect(try await client.get("/api/v1/courses/1").status == status)
            #expect(try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").status == 200)
            #expect(try await client.get("/api/v1/accounts/1").status == 200)

            let bad = try await client.send(.PUT, denied, json: ["requests": ["courses"]])
            #expect(bad.status == 400)
            #expect(try await client.send(.GET, denied).json?["requests"]?.arrayValue?.count == 2)
            _ = try await client.send(.PUT, denied, json: ["requests": []])
            #expect(try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=A").status == 200)
        }
    }

    @Test func resetRestoresTheSeed() async throws {
        try await withSandboxClient { (client) async throws in
            _ = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=A&course[sis_course_id]=R-1")
            #expect(try await client.get("/api/v1/courses/sis_course_id:R-1").status == 200)
            let reset = try await client.send(.POST, client.sandbox.controlURL("/__sandbox/reset"), credentials: .none)
            #expect(reset.status == 200)
            #expect(try await client.get("/api/v1/courses/sis_course_id:R-1").status == 404)
            #expect(try await client.stats()["total_requests"] == 1)
        }
    }

    @Test func controlSurfaceIsNotInTheCanvasNamespace() async throws {
        try await withSandboxClient { (client) async throws in
            #expect(try await client.get("/api/v1/__sandbox/stats").status == 404)
            _ = try await client.send(.PUT, client.sandbox.controlURL("/__sandbox/cost"), form: "cost=0.01")
            _ = try await client.stats()
            let stats = try await client.stats()
            // Only the Canvas-namespace miss is a request; the control calls are not counted.
            #expect(stats["requests_by_route"] == ["GET (unknown route)": 1])
            #expect(stats["total_requests"] == 1)
        }
    }
}
