import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import RunContext
import Testing

/// An item skipped by its `when:` skips the items that iterate it, in the plan and in the run, and is not a
/// failure for the steps that wait for its whole step.
@Suite struct SkipPropagationTests {
    static let job = """
        easel: 1
        name: skips
        inputs: { courses: { csv: courses.csv } }
        steps:
          - id: shells
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.sis_course_id }}" }
          - id: publish
            for_each: ${{ steps.shells.items }}
            when: ${{ item.input.publish == 'yes' }}
            request: PUT /api/v1/courses/${{ item.output.id }}
            body: { course: { event: offer } }
          - id: check
            for_each: ${{ steps.publish.items }}
            get: /api/v1/courses/${{ item.input.output.id }}
          - id: report
            needs: [check]
            get: /api/v1/accounts/1/courses
        """
    static let courses = "sis_course_id,publish\nSK-1,yes\nSK-2,no\nSK-3,yes\nSK-4,no\n"

    @Test func itemsOfSkippedItemsAreSkippedInPlanAndRun() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: ["courses.csv": Self.courses])
            #expect(try await Self.upstreamSkips(in: harness.plan(graph)) == 2)

            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded, "\(outcome.problems) \(outcome.stepFailures)")
            #expect(outcome.summary.step("publish")?[.confirmed] == 2)
            #expect(outcome.summary.step("publish")?[.skipped] == 2)
            #expect(outcome.summary.step("check")?[.confirmed] == 2)
            #expect(outcome.summary.step("check")?[.skipped] == 2)
            #expect(outcome.summary.step("report")?[.confirmed] == 1)
            let skipped = try await harness.journal.items(run: outcome.runID, step: "check", states: [.skipped])
            #expect(skipped.allSatisfy { $0.errorMessage == "its item of step 'publish' was skipped" })

            // Once the shells exist, the same two are skipped for the same reason.
            #expect(try await Self.upstreamSkips(in: harness.plan(graph)) == 2)
        }
    }

    /// How many items of the plan's `check` step are skipped because their `publish` item is.
    static func upstreamSkips(in plan: Plan) throws -> Int {
        let check = try #require(plan.steps.first { $0.id == "check" })
        return check.items.filter { $0.action == .skip(reason: "its item of step 'publish' was skipped") }.count
    }
}
