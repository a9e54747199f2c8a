import Canvas
import EaselTestSupport
import Foundation
import Planning
import RunContext
import Testing

/// A plan that cannot be made says so for every item at once, so that an admin fixes the CSV in one pass.
@Suite struct PlanProblemsTests {
    /// Sections in courses named by a CSV, most of which do not exist.
    static let sectionsJob = """
        easel: 1
        name: sections
        inputs: { rows: { csv: sections.csv } }
        steps:
          - id: shells
            ensure: course
            in: self
            key: { sis_course_id: PP-REAL }
            set: { name: A real course }
          - id: sections
            needs: [shells]
            for_each: ${{ inputs.rows }}
            ensure: section
            in: sis_course_id:${{ item.course }}
            key: { name: "${{ item.section }}" }
        """

    @Test func everyItemThatCannotBePlannedIsReportedAtOnce() async throws {
        try await ApplyHarness.run { harness in
            let missing = (1...25).map { "PP-MISSING-\($0)" }
            let rows = (["PP-REAL"] + missing).enumerated().map { "\($1),Section \($0)" }
            let graph = try harness.job(
                Self.sectionsJob, files: ["sections.csv": "course,section\n" + rows.joined(separator: "\n") + "\n"])
            // The course of the first row is one the plan creates, so that row is plannable.
            do {
                let plan = try await harness.plan(graph)
                Issue.record("a plan with 25 missing courses was made: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                let all = [error] + error.others
                #expect(all.count == 25)
                #expect(Set(all.compactMap(\.itemKey)).count == 25)
                #expect(all.allSatisfy { $0.stepID == "sections" })
                #expect(all.allSatisfy { $0.message.contains("PP-MISSING-") })
                #expect(!all.contains { $0.message.contains("PP-REAL") })
                let lines = error.description.split(separator: "\n")
                #expect(lines.count == 21, "\(error.description)")
                #expect(lines.last == "… and 5 more items")
            }
        }
    }
}
