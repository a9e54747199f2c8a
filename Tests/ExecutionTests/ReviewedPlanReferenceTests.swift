import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Testing

@testable import PlanModel

/// A reviewed plan names an object the same run creates by its SIS id; at apply the item resolves it to that
/// object's Canvas id, which the plan could not know, and the write goes ahead.
@Suite struct ReviewedPlanReferenceTests {
    static let job = """
        easel: 1
        name: sections-and-enrollments
        inputs: { sections: { csv: sections.csv }, students: { csv: students.csv } }
        steps:
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:MATH-101-2026FA
            key: { sis_section_id: "${{ item.sis_section_id }}" }
            set: { name: "${{ item.name }}" }
          - id: users
            for_each: ${{ inputs.students }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.sis_user_id }}" }
          - id: enroll
            needs: [users, sections]
            for_each: ${{ inputs.students }}
            ensure: enrollment
            in: sis_course_id:MATH-101-2026FA
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active, course_section_id: "sis_section_id:${{ item.section }}" }

        """

    @Test func enrollmentsIntoSectionsTheRunCreatesFollowTheReviewedPlan() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                Self.job,
                files: [
                    "sections.csv": "sis_section_id,name\nREF-NEW-1,New one\nREF-NEW-2,New two\n",
                    "students.csv": "sis_user_id,name,section\nREF-1,Ann,REF-NEW-1\nREF-2,Bo,REF-NEW-2\n",
                ])
            let plan = try await harness.plan(graph)
            let outcome = try await harness.apply(graph) { $0.reviewedPlan = plan }
            #expect(
                outcome.status == .succeeded,
                "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" })")
            let enrollments = try await harness.get(
                "/api/v1/sections/sis_section_id:REF-NEW-2/enrollments", query: ["type[]": "StudentEnrollment"])
            #expect(enrollments.arrayValue?.count == 1)
        }
    }

    @Test func aPlannedReferenceAdmitsAnIdButNotAnotherReferenceOrText() {
        let planned: JSONValue = "sis_section_id:REF-NEW-1"
        #expect(planned.admits(51))
        #expect(!planned.admits("sis_section_id:REF-NEW-2"))
        #expect(!JSONValue.string("Section 1").admits(51))
        #expect(!JSONValue.string("sis_section_id:").admits(51))
    }
}
