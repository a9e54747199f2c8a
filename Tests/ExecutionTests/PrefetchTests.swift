import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import PlanModel
import Resources
import Sandbox
import Testing

/// A step of many courses found by SIS id is planned from one listing of the root account's courses when that
/// listing is short, and gives the same plan as looking each course up.
@Suite struct PrefetchTests {
    static let job = """
        easel: 1
        name: many-courses
        inputs: { courses: { csv: courses.csv } }
        steps:
          - id: courses
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.name }}" }
        """

    /// Twenty of the demo institution's courses, renamed, and twenty new ones.
    static func rows(_ harness: ApplyHarness) async throws -> [(sis: String, name: String)] {
        let existing = try await harness.get("/api/v1/accounts/1/courses", query: ["per_page": 100])
        let known = (existing.arrayValue ?? []).compactMap { $0["sis_course_id"]?.stringValue }.sorted().prefix(20)
        #expect(known.count == 20)
        return known.map { ($0, "Renamed \($0)") } + (1...20).map { ("PF-\($0)", "New course \($0)") }
    }

    @Test func aShortListingAnswersTheLookupsAndGivesTheSamePlan() async throws {
        try await ApplyHarness.run(sandbox: { $0.latency = .milliseconds(20) }) { harness in
            let rows = try await Self.rows(harness)
            let csv = "sis_course_id,name\n" + rows.map { "\($0.sis),\($0.name)\n" }.joined()
            let graph = try harness.job(Self.job, files: ["courses.csv": csv])
            let before = try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"] ?? [:]
            let plan = try await harness.plan(graph)
            let after = try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"] ?? [:]
            func delta(_ route: String) -> Int { (after[route]?.intValue ?? 0) - (before[route]?.intValue ?? 0) }
            #expect(delta("GET /api/v1/accounts/:account_id/courses") == 1)
            // The lookups waited for the listing's first page, which held every course: none read Canvas.
            #expect(delta("GET /api/v1/courses/:course_id") == 0)
            #expect(plan.summary.updates == 20 && plan.summary.creates == 20)

            // Each item looked up on its own comes to the same action.
            let items = try #require(plan.steps.first).items
            for (row, planned) in zip(rows, items) {
                let item = EnsureItem(key: ["sis_course_id": .string(row.sis)], set: ["name": .string(row.name)])
                let alone = try await ResourceKind.course.plan(
                    item, client: harness.client, logger: ApplyHarness.logger)
                #expect(PlannedAction(alone.action, kind: .course, live: alone.live) == planned.action)
            }
        }
    }

    @Test func aListingLongerThanItsBudgetIsAbandonedAfterIt() async throws {
        try await ApplyHarness.run { harness in
            let configuration = CanvasClientConfiguration(
                baseURL: harness.sandbox.baseURL, tokens: harness.sandbox.tokens.map(CanvasToken.init), perPage: 10)
            let courseCount = try await harness.get("/api/v1/accounts/self/courses").arrayValue?.count ?? 0
            try #require(courseCount > 20)
            try await withCanvasClient(configuration) { client in
                let items = (1...40).map { EnsureItem(key: ["sis_course_id": .string("PB-\($0)")]) }
                let reads = SharedReads.forPlanning()
                let before = try await SandboxControl.stats(of: harness.sandbox)["total_requests"]?.intValue ?? 0
                // The demo institution has about fifty courses: pages of ten, over a budget of two.
                let complete = try await ResourceKind.course.prefetch(
                    keysOf: items, client: client, logger: ApplyHarness.logger, reads: reads, pageBudget: 2)
                let after = try await SandboxControl.stats(of: harness.sandbox)["total_requests"]?.intValue ?? 0
                #expect(!complete)
                #expect(after - before == 2)
                // Nothing was kept: a lookup reads Canvas.
                let found = try await ResourceKind.course.lookup(
                    EnsureItem(key: ["sis_course_id": "TEMPLATE"]), client: client, logger: ApplyHarness.logger,
                    reads: reads)
                #expect(found?["sis_course_id"] == "TEMPLATE")
                let afterLookup = try await SandboxControl.stats(of: harness.sandbox)["total_requests"]?.intValue ?? 0
                #expect(afterLookup - after == 1)

                let wholly = try await ResourceKind.course.prefetch(
                    keysOf: items, client: client, logger: ApplyHarness.logger, reads: reads, pageBudget: 10)
                #expect(wholly)
                let fromListing = try await ResourceKind.course.lookup(
                    EnsureItem(key: ["sis_course_id": "TEMPLATE"]), client: client, logger: ApplyHarness.logger,
                    reads: reads)
                #expect(fromListing?["sis_course_id"] == "TEMPLATE")
                let final = try await SandboxControl.stats(of: harness.sandbox)["total_requests"]?.intValue ?? 0
                #expect(final - afterLookup == (courseCount + 9) / 10, "pages of ten and no lookup")
            }
        }
    }
}
