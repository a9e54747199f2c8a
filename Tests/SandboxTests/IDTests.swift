import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct IDTests {
    @Test(arguments: [
        ("/api/v1/courses/sis_course_id:TEMPLATE", "sis_course_id", "TEMPLATE"),
        ("/api/v1/courses/%20sis_course_id:TEMPLATE%20", "sis_course_id", "TEMPLATE"),
        ("/api/v1/accounts/sis_account_id:SCI", "sis_account_id", "SCI"),
        ("/api/v1/accounts/self", "name", "Easel Demo University"),
        ("/api/v1/accounts/1/terms/sis_term_id:2026FA", "sis_term_id", "2026FA"),
        ("/api/v1/accounts/1/terms/default", "name", "Default Term"),
        ("/api/v1/users/sis_user_id:u0042", "sis_user_id", "u0042"),
        ("/api/v1/users/hex:sis_user_id:7530303432", "sis_user_id", "u0042"),
        ("/api/v1/users/sis_login_id:TJOHANSSON26", "sis_user_id", "S26-1006"),
        ("/api/v1/users/self", "id", "1"),
        (
            "/api/v1/courses/sis_course_id:BIO-101-2026SP/sections/sis_section_id:BIO-101-2026SP-01", "name",
            "Introduction to Biology"
        ),
    ])
    func findsByEveryIDForm(_ path: String, _ field: String, _ expected: String) async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get(path)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?[field]?.interpolated == expected)
        }
    }

    @Test func findsByUUID() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try #require(try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json)
            let uuid = try #require(course["uuid"]?.stringValue)
            let reply = try await client.get("/api/v1/courses/uuid:\(uuid)")
            #expect(reply.json?["id"] == course["id"])
        }
    }

    @Test func percentEncodedSISIDWithSlashAndAccent() async throws {
        try await withSandboxClient { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=Odd&course[sis_course_id]=CS%2F101.11%C3%A9")
            #expect(created.status == 200)
            #expect(created.json?["sis_course_id"] == "CS/101.11é")
            let found = try await client.get("/api/v1/courses/sis_course_id:CS%2F101%2E11%C3%A9")
            #expect(found.status == 200)
            #expect(found.json?["id"] == created.json?["id"])
        }
    }

    @Test func stringIDsOnRequest() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get(
                "/api/v1/courses/sis_course_id:TEMPLATE", headers: [("Accept", "application/json+canvas-string-ids")])
            #expect(reply.json?["id"]?.stringValue != nil)
            #expect(reply.json?["account_id"]?.stringValue == "1")
            #expect(reply.json?["name"] == "Course Template")
            let plain = try await client.get("/api/v1/courses/sis_course_id:TEMPLATE")
            #expect(plain.json?["id"]?.intValue != nil)
        }
    }

    @Test func masqueradesWithAsUserID() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/users/self?as_user_id=sis_user_id:u0007")
            #expect(reply.status == 200)
            #expect(reply.json?["sis_user_id"] == "u0007")
            let unknown = try await client.get("/api/v1/users/self?as_user_id=sis_user_id:nobody")
            #expect(unknown.status == 401)
            #expect(unknown.json == ["errors": "Invalid as_user_id"])
            #expect(unknown.header("WWW-Authenticate") == nil)
            // Requests run as the masqueraded user: a student may not read the account.
            let student = try await client.get("/api/v1/accounts/1?as_user_id=sis_user_id:u0007")
            #expect(student.status == 401)
            #expect(student.json?["status"] == "unauthorized")
        }
    }
}
