import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Testing

@Suite struct PaginationTests {
    @Test(
        "all pages, whatever the header case and page size",
        arguments: [(100, false, 4), (100, true, 4), (50, false, 7)]
    )
    func everyPageIsFollowed(maximumPerPage: Int, lowercaseLink: Bool, expectedPages: Int) async throws {
        try await SandboxHarness.run(sandbox: {
            $0.maximumPerPage = maximumPerPage
            $0.lowercaseLinkHeader = lowercaseLink
        }) { harness in
            var pageSizes: [Int] = []
            var ids: Set<Int> = []
            for try await page in harness.client.pages(
                .get(CanvasPath.apiV1("accounts", "1", "users")), logger: harness.logger)
            {
                pageSizes.append(page.count)
                for user in page { if let id = user["id"]?.intValue { ids.insert(id) } }
            }
            #expect(pageSizes.count == expectedPages)
            #expect(pageSizes.dropLast().allSatisfy { $0 == maximumPerPage })
            #expect(ids.count == 302)  // the demo seed's users: 300, the admin and a departed student
            let urls = try await harness.logEntries().compactMap { $0["url"]?.stringValue }
            #expect(urls.first?.contains("per_page=100") == true)
            #expect(urls.allSatisfy { !$0.contains("access_token") })
        }
    }

    @Test func pagesStreamOneRequestAtATime() async throws {
        try await SandboxHarness.run { harness in
            var iterator = harness.client.pages(
                .get(CanvasPath.apiV1("accounts", "1", "users")), logger: harness.logger
            )
            .makeAsyncIterator()
            let first = try await iterator.next()
            #expect(first?.count == 100)
            #expect(try await harness.logEntries().count == 1)
        }
    }

    @Test func bookmarkedListsAndSingleObjects() async throws {
        try await SandboxHarness.run { harness in
            let enrollments = try await harness.client.getAll(
                CanvasRequest(
                    .get, CanvasPath.apiV1("courses", "sis_course_id:ENGL-101-2026SP", "enrollments"),
                    query: ["per_page": 5]),
                logger: harness.logger)
            let count = enrollments.arrayValue?.count ?? 0
            #expect(count > 5)
            let ids = Set(enrollments.arrayValue?.compactMap { $0["id"]?.intValue } ?? [])
            #expect(ids.count == count)
            let account = try await harness.client.getAll(
                .get(CanvasPath.apiV1("accounts", "self")), logger: harness.logger)
            #expect(account["id"]?.intValue == 1)
        }
    }
}
