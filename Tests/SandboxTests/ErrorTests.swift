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

    @Test func validationErrorsAreARaisedRecordInvalidWhenConfigured() async throws {
        var configuration = SandboxConfiguration()
        configuration.validationErrors = .recordInvalid
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.send(.POST, "/api/v1/accounts/1/sub_accounts", form: "account[name]=")
            #expect(reply.status == 422)
            #expect(reply.json == ["errors": [["field": "name", "message": "blank", "error_code": "blank"]]])
            let course = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json
            let id = try #require(course?["id"]?.intValue)
            let page = try await client.send(.POST, "/api/v1/courses/\(id)/pages", form: "wiki_page[body]=x")
            #expect(page.status == 422)
            #expect(page.json == ["errors": [["field": "title", "message": "blank", "error_code": "blank"]]])
            // Errors of other kinds keep their own shapes.
            let missing = try await client.get("/api/v1/courses/999999")
            #expect(missing.status == 404)
            #expect(missing.json == ["errors": [["message": "The specified resource does not exist."]]])
            let noEvent = try await client.send(.DELETE, "/api/v1/courses/\(id)")
            #expect(noEvent.status == 400)
        }
    }

    @Test func calendarEventContextCodesAreReadAsCanvasReadsThem() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try await client.get("/api/v1/courses/sis_course_id:CHEM-110-2026SP").json
            let id = try #require(course?["id"]?.intValue)
            for code in [
                nil, "course_sis_course_id:CHEM-110-2026SP", "course_999999", "course_\(id)x", "course_%2B\(id)",
                "section_\(id)", "user_999999",
            ] as [String?] {
                let form = "calendar_event[title]=Exam" + (code.map { "&calendar_event[context_code]=\($0)" } ?? "")
                let reply = try await client.send(.POST, "/api/v1/calendar_events", form: form)
                #expect(reply.status == 404, "\(code ?? "no context_code")")
                #expect(reply.json == ["errors": [["message": "The specified resource does not exist."]]])
            }
            for code in ["course_\(id)", "user_1", "account_1"] {
                let reply = try await client.send(
                    .POST, "/api/v1/calendar_events",
                    form: "calendar_event[title]=Exam&calendar_event[context_code]=\(code)")
                #expect(reply.status == 201, "\(code)")
                #expect(reply.json?["context_code"] == .string(code))
            }
            #expect(try await client.send(.DELETE, "/api/v1/courses/\(id)?event=delete").status == 200)
            let deleted = try await client.send(
                .POST, "/api/v1/calendar_events",
                form: "calendar_event[title]=Exam&calendar_event[context_code]=course_\(id)")
            #expect(deleted.status == 400)
            #expect(deleted.json == ["error": "cannot create event for deleted course"])
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
