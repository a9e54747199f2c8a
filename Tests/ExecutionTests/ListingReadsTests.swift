import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Planning
import Sandbox
import Testing

/// A job's reads go by the page: an account's users and a course's enrollments are read as listings when that is
/// cheaper than looking each item up, and an apply in the same process reads nothing its plan read.
@Suite struct ListingReadsTests {
    /// Users found by SIS id, each enrolled as a student in one course.
    static let job = """
        easel: 1
        name: users-and-students
        inputs: { people: { csv: people.csv } }
        defaults: { parallelism: 16 }
        steps:
          - id: users
            for_each: ${{ inputs.people }}
            ensure: user
            key: { sis_user_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.login }}" }
          - id: students
            needs: [users]
            for_each: ${{ inputs.people }}
            item_key: ${{ item.sis }}
            ensure: enrollment
            in: sis_course_id:LR-COURSE
            key: { user_id: "sis_user_id:${{ item.sis }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    static func people(_ count: Int) -> [String: String] {
        [
            "people.csv": "sis,name,login\n"
                + (1...count).map { "LR-\($0),Person \($0),lr\($0)@example.edu\n" }.joined()
        ]
    }

    static func gets(_ harness: ApplyHarness) async throws -> (count: Int, routes: JSONValue) {
        let stats = try await SandboxControl.stats(of: harness.sandbox)
        return (stats["requests_by_method"]?["GET"]?.intValue ?? 0, stats["requests_by_route"] ?? [:])
    }

    static func createCourse(_ harness: ApplyHarness) async throws {
        _ = try await harness.client.json(
            CanvasRequest(
                .post, "/api/v1/accounts/1/courses",
                body: .form(["course": ["name": "Listing reads", "sis_course_id": "LR-COURSE"]])),
            logger: ApplyHarness.logger)
    }

    @Test func aJobOfNewPeopleIsPlannedAndAppliedFromPages() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await Self.createCourse(harness)
            let graph = try harness.job(Self.job, files: Self.people(200))
            let start = try await Self.gets(harness)
            let plan = try await harness.plan(graph)
            let afterPlan = try await Self.gets(harness)
            print("PLAN", afterPlan.count - start.count, afterPlan.routes, plan.reads as Any)
            #expect(plan.summary.creates == 400, "\(plan.summary.line)")
            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = plan
                options.trustsReviewedReads = true
            }
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let afterApply = try await Self.gets(harness)
            print("APPLY", afterApply.count - afterPlan.count, afterApply.routes)
            let again = try await harness.plan(graph)
            let afterSecond = try await Self.gets(harness)
            print("SECOND", afterSecond.count - afterApply.count, afterSecond.routes, again.reads as Any)
            #expect(again.summary.unchanged == 400, "\(again.summary.line)")
        }
    }
}
