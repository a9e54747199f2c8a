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
