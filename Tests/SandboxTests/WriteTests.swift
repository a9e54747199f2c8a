import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct WriteTests {
    @Test func createsACourseFromNestedFormParameters() async throws {
        try await withSandboxClient { (client) async throws in
            let form =
                "course[name]=Statics&course[course_code]=ENG+110&course[sis_course_id]=X-1&course[term_id]=sis_term_id:2026FA"
                + "&course[start_at]=2026-08-24T05:00:00Z&offer=yes"
            let reply = try await client.send(.POST, "/api/v1/accounts/sis_account_id:ENG/courses", form: form)
            #expect(reply.status == 200)
            let course = try #require(reply.json)
            #expect(course["name"] == "Statics")
            #expect(course["course_code"] == "ENG 110")
            #expect(course["workflow_state"] == "available")
            // Dates are ignored unless enrollments are restricted to them.
            #expect(course["start_at"] == .null)
            let term = try await client.get("/api/v1/accounts/1/terms/sis_term_id:2026FA").json
            #expect(course["enrollment_term_id"] == term?["id"])
        }
    }

    @Test func createsACourseFromJSONAndDefaultsItsName() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.send(
                .POST, "/api/v1/accounts/1/courses",
                json: [
                    "course": [
                        "course_code": "X", "restrict_enrollments_to_course_dates": true, "start_at": "2026-01-01",
                    ]
                ])
            #expect(reply.status == 200)
            #expect(reply.json?["name"] == "Unnamed Course")
            #expect(reply.json?["workflow_state"] == "unpublished")
            // A date alone is midnight in the course's zone: the account's default, America/New_York.
            #expect(reply.json?["start_at"] == "2026-01-01T05:00:00Z")
        }
    }

    @Test(arguments: [
        ("true", true), ("t", true), ("Yes", true), ("on", true), ("1", true), ("false", false),
        ("f", false), ("no", false), ("off", false), ("0", false),
    ])
    func readsEveryBooleanSpelling(_ spelling: String, _ expected: Bool) async throws {
        try await withSandboxClient { (client) async throws in
            // Start from the opposite value, so that a spelling left unread cannot pass as the default.
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=B&course[is_public]=\(!expected)")
            #expect(created.json?["is_public"] == .bool(!expected))
            let id = try #require(created.json?["id"]?.intValue)
            let updated = try await client.send(.PUT, "/api/v1/courses/\(id)", form: "course[is_public]=\(spelling)")
            #expect(updated.json?["is_public"] == .bool(expected))
            let created2 = try await client.send(
                .POST, "/api/v1/accounts/1/courses", form: "course[name]=C&course[is_public]=\(spelling)")
            #expect(created2.json?["is_public"] == .bool(expected))
        }
    }

    @Test(arguments: [
        ("offer", "TEMPLATE", "unpublished", "available"), ("claim", "CHEM-110-2026SP", "available", "unpublished"),
        ("conclude", "CHEM-110-2026SP", "available", "completed"),
    ])
    func appliesCourseEvents(_ event: String, _ sisID: String, _ before: String, _ after: String) async throws {
        try await withSandboxClient { (client) async throws in
            let course = "/api/v1/courses/sis_course_id:\(sisID)"
            // Each event starts from a state it changes.
            #expect(try await client.get(course).json?["workflow_state"] == .string(before))
            let reply = try await client.send(.PUT, course, form: "course[event]=\(event)")
            #expect(reply.status == 200)
            #expect(reply.json?["workflow_state"] == .string(after))
            #expect(try await client.get(course).json?["workflow_state"] == .string(after))
            // Doing it again is a no-op that still succeeds.
            let again = try await client.send(.PUT, course, form: "course[event]=\(event)")
            #expect(again.status == 200)
            #expect(again.json?["workflow_state"] == .string(after))
        }
    }

    @Test func deletesAndUndeletesACourse() async throws {
        try await withSandboxClient { (client) async throws in
            let id = try #require(try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json?["id"]?.intValue)
            let deleted = try await client.send(.DELETE, "/api/v1/courses/\(id)?event=delete")
            #expect(deleted.json == ["delete": true])
            #expect(try await client.get("/api/v1/courses/\(id)").status == 404)
            let restored = try await client.send(.PUT, "/api/v1/courses/\(id)", form: "course[event]=undelete")
            #expect(restored.json?["workflow_state"] == "unpublished")
        }
    }

    @Test func enrollmentDefaultsToInvited() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.send(
                .POST, "/api/v1/courses/sis_course_id:CHEM-110-2026SP/enrollments",
                form: "enrollment[user_id]=sis_user_id:u0150")
            #expect(reply.status == 200)
            #expect(reply.json?["enrollment_state"] == "invited")
            #expect(reply.json?["type"] == "StudentEnrollment")
            #expect(reply.json?["sis_user_id"] == "u0150")
        }
    }

    /// Canvas's `enroll_user` reuses the user's enrollment of the same type in the same section, in any state.
    @Test func enrollingAgainInTheSameSectionReusesTheEnrollment() async throws {
        try await withSandboxClient { (client) async throws in
            let path = "/api/v1/sections/sis_section_id:CHEM-110-2026SP-01/enrollments"
            let first = try await client.send(
                .POST, path, form: "enrollment[user_id]=sis_user_id:u0152&enrollment[enrollment_state]=active")
            let id = try #require(first.json?["id"]?.intValue)
            let again = try await client.send(
                .POST, path, form: "enrollment[user_id]=sis_user_id:u0152&enrollment[enrollment_state]=invited")
            #expect(again.json?["id"]?.intValue == id)
            #expect(again.json?["enrollment_state"] == "active")
            _ = try await client.send(.DELETE, "/api/v1/courses/sis_course_id:CHEM-110-2026SP/enrollments/\(id)")
            let back = try await client.send(
                .POST, path, form: "enrollment[user_id]=sis_user_id:u0152&enrollment[enrollment_state]=active")
            #expect(back.json?["id"]?.intValue == id)
            #expect(back.json?["enrollment_state"] == "active")
            let teacher = try await client.send(
                .POST, path, form: "enrollment[user_id]=sis_user_id:u0152&enrollment[type]=TeacherEnrollment")
            #expect(teacher.json?["id"]?.intValue != id)
        }
    }

    @Test(
        arguments: [
            (nil, "completed"), ("conclude", "completed"), ("delete", "deleted"), ("inactivate", "inactive"),
            ("deactivate", "inactive"), ("bogus", "completed"),
        ] as [(String?, String)])
    func deletesEnrollmentsByTask(_ task: String?, _ state: String) async throws {
        try await withSandboxClient { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/courses/sis_course_id:CHEM-110-2026SP/enrollments",
                form: "enrollment[user_id]=sis_user_id:u0151&enrollment[enrollment_state]=active")
            let id = try #require(created.json?["id"]?.intValue)
            let query = task.map { "?task=\($0)" } ?? ""
            let reply = try await client.send(
                .DELETE, "/api/v1/courses/sis_course_id:CHEM-110-2026SP/enrollments/\(id)\(query)")
            #expect(reply.status == 200)
            #expect(reply.json?["enrollment_state"] == .string(state))
        }
    }

    @Test func assignmentsAndCalendarEventsAreCreated201() async throws {
        try await withSandboxClient { (client) async throws in
            let assignment = try await client.send(
                .POST, "/api/v1/courses/sis_course_id:TEMPLATE/assignments",
                form: "assignment[name]=Lab&assignment[points_possible]=10")
            #expect(assignment.status == 201)
            #expect(assignment.json?["name"] == "Lab")
            let id = try #require(try await client.get("/api/v1/courses/sis_course_id:TEMPLATE").json?["id"]?.intValue)
            let event = try await client.send(
                .POST, "/api/v1/calendar_events",
                form: "calendar_event[context_code]=course_\(id)&calendar_event[title]=Exam")
            #expect(event.status == 201)
            let section = try await client.send(
                .POST, "/api/v1/courses/\(id)/sections", form: "course_section[name]=Evening")
            #expect(section.status == 200)
        }
    }

    @Test func createsAndUpdatesAUser() async throws {
        try await withSandboxClient { (client) async throws in
            let created = try await client.send(
                .POST, "/api/v1/accounts/1/users",
                form: "user[name]=Maria+Brennan&pseudonym[unique_id]=mbrennan&pseudonym[sis_user_id]=T26-0101")
            #expect(created.status == 200)
            let id = try #require(created.json?["id"]?.intValue)
            let updated = try await client.send(.PUT, "/api/v1/users/\(id)", form: "user[sortable_name]=Brennan,+M.")
            #expect(updated.json?["sortable_name"] == "Brennan, M.")
            let found = try await client.get("/api/v1/users/sis_login_id:MBRENNAN")
            #expect(found.json?["id"] == .int(id))
        }
    }
}
