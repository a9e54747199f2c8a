import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct ErrorTests {
    @Test func missingTokenIsUnauthenticatedWithChallenge() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1", credentials: .none)
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate") == "Bearer realm=\"canvas-lms\"")
            #expect(
                reply.json == ["status": "unauthenticated", "errors": [["message": "user authorization required"]]])
        }
    }

    @Test func wrongTokenIsInvalidAccessToken() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1", credentials: .bearer("1~not-a-real-token"))
            #expect(reply.status == 401)
            #expect(reply.header("WWW-Authenticate") == "Bearer realm=\"canvas-lms\"")
            #expect(reply.json == ["errors": [["message": "Invalid access token."]]])
        }
    }

    @Test(arguments: [
        "/api/v1/courses/999999", "/api/v1/courses/sis_course_id:NOPE", "/api/v1/users/12345678901234567890",
        "/api/v1/courses/sis_unknown_column:1", "/api/v1/no/such/route",
    ])
    func missesAreNotFoundWithCanvasBody(_ path: String) async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get(path)
            #expect(reply.status == 404)
            #expect(reply.json == ["errors": [["message": "The specified resource does not exist."]]])
            #expect(reply.header("Content-Type")?.hasPrefix("application/json") == true)
        }
    }

    @Test func attributeKeyedValidationErrors() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.send(.POST, "/api/v1/accounts/1/sub_accounts", form: "account[name]=")
            #expect(reply.status == 400)
            #expect(reply.json == ["errors": ["name": [["attribute": "name", "type": "blank", "message": "blank"]]]])
        }
    }

    @Test func duplicateLoginIsAPseudonymError() async throws {
        try await withSandboxClient { (client) async throws in
            let form = "user[name]=Ann&pseudonym[unique_id]=admin@demo.easel.test"
            let reply = try await client.send(.POST, "/api/v1/accounts/1/users", form: form)
            #expect(reply.status == 400)
            #expect(reply.json?["errors"]?["pseudonym"]?["unique_id"]?[0]?["type"] == "taken")
            #expect(reply.json?["errors"]?["user"] != nil)
        }
    }

    @Test func courseDeleteNeedsAnEvent() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.send(.DELETE, "/api/v1/courses/sis_course_id:TEMPLATE")
            #expect(reply.status == 400)
            #expect(reply.json == ["message": "Only \"delete\" and \"conclude\" events are allowed."])
        }
    }

    @Test func missingParameterIsBadRequest() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json
            let id = try #require(course?["id"]?.intValue)
            let reply = try await client.send(
                .POST, "/api/v1/courses/\(id)/content_migrations", form: "migration_type=course_copy_importer")
            #expect(reply.status == 400)
            #expect(reply.json == ["errors": [["message": "settings[source_course_id] is missing"]]])
        }
    }

    @Test func notPermittedForAMasqueradedStudent() async throws {
        var configuration = SandboxConfiguration()
        configuration.notPermittedStatus = 403
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1?as_user_id=sis_user_id:u0100")
            #expect(reply.status == 403)
            #expect(reply.json?["status"] == "unauthorized")
        }
    }

    @Test func requiresUserAgentWhenConfigured() async throws {
        var configuration = SandboxConfiguration()
        configuration.requiresUserAgent = true
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1", headers: [("User-Agent", "")])
            #expect(reply.status == 403)
            let allowed = try await client.get("/api/v1/accounts/1")
            #expect(allowed.status == 200)
        }
    }
}
