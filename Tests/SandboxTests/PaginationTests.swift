import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@Suite struct PaginationTests {
    @Test func listsTenPerPageWithCanvasLinkHeader() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1/users?search_term=demo&include[]=email")
            #expect(reply.status == 200)
            #expect(reply.json?.arrayValue?.count == 10)
            let header = try #require(reply.header("Link"))
            #expect(!header.contains(", "))
            #expect(reply.links.map(\.rel) == ["current", "next", "first", "last"])
            let base = client.sandbox.baseURL + "/api/v1/accounts/1/users?"
            #expect(reply.link("next") == base + "include%5B%5D=email&search_term=demo&page=2&per_page=10")
            #expect(reply.link("first") == base + "include%5B%5D=email&search_term=demo&page=1&per_page=10")
        }
    }

    @Test(arguments: [("0", 1), ("1", 1), ("37", 37), ("100", 100), ("500", 100), ("abc", 10)])
    func clampsPerPage(_ requested: String, _ expected: Int) async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1/users?per_page=\(requested)")
            #expect(reply.json?.arrayValue?.count == expected)
            #expect(reply.link("current")?.hasSuffix("page=1&per_page=\(expected)") == true)
        }
    }

    @Test func followsNextToTheEndWithoutDuplicates() async throws {
        try await withSandboxClient { (client) async throws in
            let courses = try await client.all("/api/v1/accounts/1/courses?per_page=7")
            let ids = courses.compactMap { $0["id"]?.intValue }
            #expect(ids.count == Set(ids).count)
            #expect(ids == ids.sorted())
            #expect((45...55).contains(ids.count))
        }
    }

    @Test func accountCoursesHaveNoLastLink() async throws {
        try await withSandboxClient { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1/courses")
            #expect(reply.links.map(\.rel) == ["current", "next", "first"])
            let second = try await client.get(try #require(reply.link("next")))
            #expect(second.links.map(\.rel) == ["current", "next", "prev", "first"])
        }
    }

    @Test func pastTheEndIsAnEmptyPageAndABadPageIsNotFound() async throws {
        try await withSandboxClient { (client) async throws in
            let past = try await client.get("/api/v1/accounts/1/users?page=999")
            #expect(past.status == 200)
            #expect(past.json == [])
            let bad = try await client.get("/api/v1/accounts/1/users?page=abc")
            #expect(bad.status == 404)
        }
    }

    @Test func enrollmentsUseBookmarksWithoutPrevOrLast() async throws {
        try await withSandboxClient { (client) async throws in
            let course = try await client.get("/api/v1/courses/sis_course_id:BIO-101-2026SP").json
            let courseID = try #require(course?["id"]?.intValue)
            let first = try await client.get(
                "/api/v1/courses/\(courseID)/enrollments?per_page=1&state[]=active&state[]=invited&state[]=completed")
            #expect(first.status == 200)
            let firstLinks = first.links
            #expect(firstLinks.map(\.rel).allSatisfy { ["current", "next", "first"].contains($0) })
            #expect(first.link("first")?.contains("page=first&per_page=1") == true)
            let listAll = try await client.all("/api/v1/accounts/1/courses?per_page=100")
            let busy = try #require(listAll.first { ($0["sis_course_id"]?.stringValue ?? "").hasPrefix("ENGL") })
            let busyID = try #require(busy["id"]?.intValue)
            let page = try await client.get("/api/v1/courses/\(busyID)/enrollments?per_page=5")
            let next = try #require(page.link("next"))
            #expect(next.contains("page=bookmark:"))
            #expect(page.link("prev") == nil && page.link("last") == nil)
            let everything = try await client.all("/api/v1/courses/\(busyID)/enrollments?per_page=5")
            let ids = everything.compactMap { $0["id"]?.intValue }
            #expect(ids.count > 5)
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    @Test(arguments: [
        (0, ["current", "next", "prev", "first", "last"]), (1_500, ["next", "prev", "last"]),
        (2_000, ["next", "last"]),
    ])
    func longQueriesLoseLowPriorityLinks(_ padding: Int, _ rels: [String]) async throws {
        try await withSandboxClient { (client) async throws in
            let filler = String(repeating: "a", count: padding)
            let reply = try await client.get("/api/v1/accounts/1/users?page=2&filler=\(filler)")
            #expect(reply.status == 200)
            #expect(reply.links.map(\.rel) == rels)
            #expect(reply.links.map(\.url.count).reduce(0, +) <= 6 * 1024)
            #expect(reply.link("next")?.contains("filler=\(filler)&page=3&per_page=10") == true)
        }
    }

    @Test func accessTokenIsDroppedFromLinks() async throws {
        try await withSandboxClient(testConfiguration()) { (client) async throws in
            let token = client.sandbox.token
            let reply = try await client.get("/api/v1/accounts/1/users?access_token=\(token)", credentials: .none)
            #expect(reply.status == 200)
            #expect(reply.header("Link")?.contains(token) == false)
        }
    }

    @Test func lowercaseLinkHeaderWhenConfigured() async throws {
        var configuration = SandboxConfiguration()
        configuration.lowercaseLinkHeader = true
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1/users")
            #expect(reply.headers.contains { $0.name == "link" })
            #expect(!reply.headers.contains { $0.name == "Link" })
        }
    }
}
