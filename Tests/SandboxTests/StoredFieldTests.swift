import Foundation
import JSONValues
import NIOHTTP1
import Sandbox
import Testing

/// Fields stored and answered as Canvas stores and answers them: times in UTC read in the request's zone, a
/// course's dates under Canvas's restriction rule, rich text as its sanitizer leaves it.
@Suite struct StoredFieldTests {
    @Test func aDateAloneIsMidnightInTheZoneOfTheUserMakingTheRequest() async throws {
        try await withSandboxClient { (client) async throws in
            let user = try await client.send(.PUT, "/api/v1/users/self", form: "user[time_zone]=America/Chicago")
            #expect(user.status == 200)
            let form =
                "course[name]=Chicago&course[time_zone]=Asia/Tokyo&course[restrict_enrollments_to_course_dates]=true"
                + "&course[start_at]=2026-08-24&course[end_at]=2026-12-20T23:30&offer=true"
            let course = try #require(try await client.send(.POST, "/api/v1/accounts/1/courses", form: form).json)
            #expect(course["start_at"] == "2026-08-24T05:00:00Z")
            #expect(course["end_at"] == "2026-12-21T05:30:00Z")
            // The course's own zone does not enter into it.
            #expect(course["time_zone"] == "Asia/Tokyo")
            let id = course["id"]?.interpolated ?? ""
            let section = try #require(
                try await client.send(
                    .POST, "/api/v1/courses/\(id)/sections",
                    form: "course_section[name]=S&course_section[start_at]=2026-01-05T08:00:00.900%2B01:00"
                ).json)
            // An offset is kept as the instant it names, in UTC, whole seconds.
            #expect(section["start_at"] == "2026-01-05T07:00:00Z")
            let assignment = try #require(
                try await client.send(
                    .POST, "/api/v1/courses/\(id)/assignments",
                    form: "assignment[name]=A&assignment[due_at]=2026-03-08T02:30"
                ).json)
            // 02:30 does not exist on the day daylight saving starts; the next valid time is taken.
            #expect(assignment["due_at"] == "2026-03-08T08:30:00Z")
        }
    }

    @Test func withoutAUserZoneTheRootAccountsDefaultReadsTheDates() async throws {
        try await withSandboxClient { (client) async throws in
            let account = try await client.send(
                .PUT, "/api/v1/accounts/1", form: "account[default_time_zone]=Asia/Kolkata")
            #expect(account.json?["default_time_zone"] == "Asia/Kolkata")
            let term = try #require(
                try await client.send(
                    .POST, "/api/v1/accounts/1/terms",
                    form: "enrollment_term[name]=T&enrollment_term[start_at]=2027-01-11"
                ).json)
            #expect(term["start_at"] == "2027-01-10T18:30:00Z")
        }
    }

    @Test func anUpdateOfAnUnrestrictedCourseRemovesItsDates() async throws {
        try await withSandboxClient { (client) async throws in
            let form =
                "course[name]=C&course[restrict_enrollments_to_course_dates]=true&course[start_at]=2026-08-24T12:00:00Z"
                + "&course[end_at]=2026-12-20T12:00:00Z"
            let course = try #require(try await client.send(.POST, "/api/v1/accounts/1/courses", form: form).json)
            let id = course["id"]?.interpolated ?? ""
            #expect(course["end_at"] == "2026-12-20T12:00:00Z")
            // Kept while the course is restricted to them.
            let renamed = try #require(
                try await client.send(.PUT, "/api/v1/courses/\(id)", form: "course[name]=D").json)
            #expect(renamed["start_at"] == "2026-08-24T12:00:00Z")
            // Unrestricted: the end date goes, and the start date too while the course is unpublished.
            let unrestricted = try #require(
                try await client.send(
                    .PUT, "/api/v1/courses/\(id)",
                    form: "course[restrict_enrollments_to_course_dates]=false&course[end_at]=2027-01-01T00:00:00Z"
                ).json)
            #expect(unrestricted["end_at"] == .null)
            #expect(unrestricted["start_at"] == .null)
            #expect(unrestricted["restrict_enrollments_to_course_dates"] == false)
        }
    }

    @Test func aPublishedUnrestrictedCourseKeepsAStartDateButNotAnEndDate() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try #require(
                try await client.send(.POST, "/api/v1/accounts/1/courses", form: "course[name]=P&offer=true").json)
            let id = course["id"]?.interpolated ?? ""
            let updated = try #require(
                try await client.send(
                    .PUT, "/api/v1/courses/\(id)",
                    form: "course[start_at]=2026-08-24T12:00:00Z&course[end_at]=2026-12-20T12:00:00Z"
                ).json)
            #expect(updated["workflow_state"] == "available")
            #expect(updated["start_at"] == "2026-08-24T12:00:00Z")
            #expect(updated["end_at"] == .null)
        }
    }

    @Test func richTextIsStoredAsCanvassSanitizerLeavesIt() async throws {
        try await withSandboxClient { (client) async throws in
            let html =
                "<P CLASS='intro' onclick=\"x()\">Caf&eacute; &#39;n&#x27; 3 &lt; 4&nbsp;&amp; 5 &bogus;<BR/></P>"
                + "<script>alert(1)</script><!-- note --><a href=\"javascript:x()\">x</a>"
                + "<a href='https://example.edu/?a=1&amp;b=2'>y</a>"
            let encoded = html.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let page = try #require(
                try await client.send(
                    .POST, "/api/v1/courses/1/pages", form: "wiki_page[title]=P&wiki_page[body]=\(encoded)"
                ).json)
            let expected =
                "<p class=\"intro\">Café 'n' 3 &lt; 4&nbsp;&amp; 5 &amp;bogus;<br></p><a>x</a>"
                + "<a href=\"https://example.edu/?a=1&amp;b=2\">y</a>"
            #expect(page["body"] == .string(expected))
        }
    }
}

extension StoredFieldTests {
    @Test func floatColumnsAreAnsweredWithTheirFraction() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.send(
                .POST, "/api/v1/courses/1/assignments", form: "assignment[name]=A&assignment[points_possible]=10")
            #expect(reply.text.contains(#""points_possible":10.0"#), "\(reply.text)")
            #expect(reply.json?["points_possible"] == .double(10))
        }
    }
}
