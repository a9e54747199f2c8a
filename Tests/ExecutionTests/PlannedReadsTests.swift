import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import Sandbox
import Testing

/// What a plan's reads spare: lookups under objects the plan creates, and, when the same process applies the
/// plan it just made, every lookup of the apply.
@Suite struct PlannedReadsTests {
    /// New courses in the root account, two teachers in each, found by their SIS ids.
    static let job = """
        easel: 1
        name: shells-and-teachers
        inputs:
          courses: { csv: courses.csv }
          teachers: { csv: teachers.csv }
        defaults: { parallelism: 8 }
        steps:
          - id: courses
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.name }}", term_id: "sis_term_id:2026FA" }
          - id: teachers
            needs: [courses]
            for_each: ${{ inputs.teachers }}
            item_key: ${{ item.course }}/${{ item.user }}
            ensure: enrollment
            in: sis_course_id:${{ item.course }}
            key: { user_id: "sis_user_id:${{ item.user }}", type: TeacherEnrollment }
            set: { enrollment_state: active }
        """

    static func files(courses: Int) -> [String: String] {
        let ids = (1...courses).map { "PR-\($0)" }
        return [
            "courses.csv": "sis_course_id,name\n" + ids.map { "\($0),Course \($0)\n" }.joined(),
            "teachers.csv": "course,user\n"
                + ids.enumerated().map { index, id in
                    "\(id),u\(String(format: "%04d", 2 * index + 1))\n\(id),u\(String(format: "%04d", 2 * index + 2))\n"
                }.joined(),
        ]
    }

    static func requests(_ harness: ApplyHarness) async throws -> (gets: Int, byRoute: JSONValue) {
        let stats = try await SandboxControl.stats(of: harness.sandbox)
        return (stats["requests_by_method"]?["GET"]?.intValue ?? 0, stats["requests_by_route"] ?? [:])
    }

    @Test func aPlanDoesNotLookUpWhatLivesInObjectsItCreates() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: Self.files(courses: 6))
            let plan = try await harness.plan(graph)
            #expect(plan.summary.creates == 6 + 12)
            let (gets, routes) = try await Self.requests(harness)
            // One lookup per course, and the term once for all six, however many items name it.
            #expect(gets == 6 + 1)
            #expect(routes["GET /api/v1/courses/:course_id/enrollments"] == nil)
            #expect(routes["GET /api/v1/accounts/:account_id/terms/:term_id"]?.intValue == 1)
        }
    }

    @Test func applyingItsOwnFreshPlanReadsNothingAgain() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: Self.files(courses: 6))
            let plan = try await harness.plan(graph)
            let (getsAfterPlan, _) = try await Self.requests(harness)
            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = plan
                options.trustsReviewedReads = true
            }
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let (getsAfterApply, routes) = try await Self.requests(harness)
            // Only the term reference is resolved again (once); no object is looked up a second time.
            #expect(getsAfterApply - getsAfterPlan == 1)
            #expect(routes["POST /api/v1/accounts/:account_id/courses"]?.intValue == 6)
            #expect(routes["POST /api/v1/courses/:course_id/enrollments"]?.intValue == 12)

            let again = try await harness.plan(graph)
            #expect(again.summary.unchanged == 6 + 12, "\(again.summary.line)")
            let second = try await harness.apply(graph) { options in
                options.reviewedPlan = again
                options.trustsReviewedReads = true
            }
            #expect(second.status == .succeeded)
            let (_, routesAfterSecond) = try await Self.requests(harness)
            #expect(routesAfterSecond["POST /api/v1/accounts/:account_id/courses"]?.intValue == 6)
            #expect(routesAfterSecond["POST /api/v1/courses/:course_id/enrollments"]?.intValue == 12)
        }
    }

    @Test func aPlanFromElsewhereIsReadAgainAndItsChangedItemsRefused() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: Self.files(courses: 3))
            let plan = try await harness.plan(graph)
            // Someone creates one of the courses between the plan and the apply.
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/courses",
                    body: .form(["course": ["name": "Course PR-2", "sis_course_id": "PR-2"]])),
                logger: ApplyHarness.logger)
            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = plan
            }
            let refused = outcome.problems.filter { $0.stepID == "courses" }
            #expect(refused.map(\.itemKey) == ["sis_course_id=PR-2"])
            #expect(refused.first?.errorMessage?.contains("changed since the plan was made") == true)
        }
    }
}
