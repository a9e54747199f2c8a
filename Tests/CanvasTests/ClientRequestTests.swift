import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Testing

@Suite struct ClientRequestTests {
    @Test func identitySendsTheUserAgentHostedCanvasRequires() async throws {
        try await SandboxHarness.run(sandbox: { $0.requiresUserAgent = true }) { harness in
            let identity = try await harness.client.identity(logger: harness.logger)
            #expect(identity.id == 1)
            #expect(identity.name == "Sandbox Admin")
        }
    }

    @Test func asUserIDActsAsAnotherUserPerRequest() async throws {
        try await SandboxHarness.run { harness in
            let student = try await harness.client.identity(asUserID: "sis_user_id:u0050", logger: harness.logger)
            #expect(student.id != 1)
            let admin = try await harness.client.identity(logger: harness.logger)
            #expect(admin.id == 1)
        }
    }

    @Test(arguments: [false, true])
    func nestedFormAndJSONBodiesCreateTheSameCourse(asJSON: Bool) async throws {
        try await SandboxHarness.run { harness in
            let fields: JSONValue = [
                "course": ["name": "Encoding & Co. é/1", "course_code": "ENC 1", "sis_course_id": "CS/101.11é"],
                "enroll_me": false,
            ]
            let created = try await harness.client.json(
                CanvasRequest(
                    .post, CanvasPath.apiV1("accounts", "1", "courses"), body: asJSON ? .json(fields) : .form(fields)),
                logger: harness.logger)
            #expect(created["name"]?.stringValue == "Encoding & Co. é/1")
            // The SIS id holds a slash and a non-ASCII letter: it must stay one path segment.
            let found = try await harness.client.json(
                .get(CanvasPath.apiV1("courses", "sis_course_id:CS/101.11é")), logger: harness.logger)
            #expect(found["id"] == created["id"])
            #expect(found["course_code"]?.stringValue == "ENC 1")
        }
    }

    @Test func arrayParametersReachCanvas() async throws {
        try await SandboxHarness.run { harness in
            let course = try await harness.client.json(
                .get(CanvasPath.apiV1("courses", "1"), query: ["include": ["term", "total_students"]]),
                logger: harness.logger)
            #expect(course["term"]?["id"] != nil)
        }
    }
}
