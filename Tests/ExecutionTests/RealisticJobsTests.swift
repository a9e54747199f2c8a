import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Planning
import Testing

/// Jobs as Canvas admins write them, over the demo seed: each plan is compared with its golden file, applied, planned
/// again with no change, and the sandbox is read to prove the result.
@Suite struct RealisticJobsTests {
    static let golden = Golden.folder(of: #filePath).appendingPathComponent("Golden")

    /// Next term's sections from the registrar, and the students of each, enrolled in their section by its SIS id;
    /// dropped students are concluded.
    static let sectionsJob = """
        easel: 1
        name: fall-sections
        inputs:
          sections: { csv: sections.csv }
          roster: { csv: roster.csv }
        steps:
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:${{ item.course_sis_id }}
            key: { sis_section_id: "${{ item.section_sis_id }}" }
            set: { name: "${{ item.name }}" }
          - id: enrolled
            needs: [sections]
            for_each: ${{ inputs.roster }}
            when: ${{ item.status == 'active' }}
            ensure: enrollment
            in: sis_section_id:${{ item.section_sis_id }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
          - id: dropped
            needs: [sections]
            for_each: ${{ inputs.roster }}
            when: ${{ item.status == 'dropped' }}
            ensure: enrollment
            in: sis_section_id:${{ item.section_sis_id }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            state: absent
        """

    static let sections = """
        section_sis_id,course_sis_id,name
        ENGL-102-FA-A,ENGL-102-2026FA,Writing A
        ENGL-102-FA-B,ENGL-102-2026FA,Writing B
        ENGL-102-FA-C,ENGL-102-2026FA,Writing C
        BIOL-102-FA-A,BIOL-102-2026FA,Biology Lab A
        BIOL-102-FA-B,BIOL-102-2026FA,Biology Lab B
        MATH-101-FA-A,MATH-101-2026FA,Calculus A
        MATH-101-FA-B,MATH-101-2026FA,Calculus B

        """

    /// Last week's roster: what the job applied before the registrar's new export.
    static let lastWeek = """
        sis_user_id,section_sis_id,status
        u0201,ENGL-102-FA-A,active
        u0202,ENGL-102-FA-A,active
        u0203,ENGL-102-FA-B,active
        u0204,ENGL-102-FA-B,active
        u0205,ENGL-102-FA-C,active
        u0206,BIOL-102-FA-A,active
        u0207,BIOL-102-FA-A,active
        u0208,BIOL-102-FA-B,active
        u0209,MATH-101-FA-A,active
        u0210,MATH-101-FA-B,dropped

        """

    /// This week's 18 rows: two drops (u0202, u0208), one student back (u0210), a student in two courses and one in
    /// two sections of one course (u0201), and newcomers.
    static let thisWeek = """
        sis_user_id,section_sis_id,status
        u0201,ENGL-102-FA-A,active
        u0201,BIOL-102-FA-A,active
        u0202,ENGL-102-FA-A,dropped
        u0203,ENGL-102-FA-B,active
        u0204,ENGL-102-FA-B,active
        u0205,ENGL-102-FA-C,active
        u0206,BIOL-102-FA-A,active
        u0207,BIOL-102-FA-A,active
        u0208,BIOL-102-FA-B,dropped
        u0209,MATH-101-FA-A,active
        u0210,MATH-101-FA-B,active
        u0211,MATH-101-FA-B,active
        u0212,MATH-101-FA-A,active
        u0213,ENGL-102-FA-C,active
        u0214,BIOL-102-FA-B,active
        u0215,MATH-101-FA-A,dropped
        u0209,MATH-101-FA-B,active
        u0216,ENGL-102-FA-B,active

        """

    @Test func sectionEnrollmentsWithDropsAndReactivations() async throws {
        try await ApplyHarness.run { harness in
            // Two weeks ago everyone was active; last week u0210 dropped.
            let twoWeeksAgo = Self.lastWeek.replacing("u0210,MATH-101-FA-B,dropped", with: "u0210,MATH-101-FA-B,active")
            for roster in [twoWeeksAgo, Self.lastWeek] {
                let earlier = try harness.job(
                    Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": roster])
                try await Self.applyCleanly(earlier, harness)
            }
            let week2 = try harness.job(
                Self.sectionsJob, files: ["sections.csv": Self.sections, "roster.csv": Self.thisWeek])
            let plan = try await harness.plan(week2)
            Self.compare(plan, golden: "fall-sections.txt")
            let summary = plan.summary
            #expect(summary.creates == 7 && summary.updates == 1 && summary.deletes == 2, "\(summary.line)")
            try await Self.applyCleanly(week2, harness)
            try await Self.expectNoChange(week2, harness)

            // Every roster row is one enrollment of its user in its section, in the row's state.
            let rows = csvRows(Self.thisWeek)
            var seen: [String: [JSONValue]] = [:]
            for section in Set(rows.map { $0["section_sis_id"] ?? "" }) {
                seen[section] = try await harness.get(
                    "/api/v1/sections/sis_section_id:\(section)/enrollments",
                    query: ["state": ["active", "invited", "inactive", "completed", "deleted"]]
                ).arrayValue ?? []
            }
            for row in rows {
                let section = row["section_sis_id"] ?? ""
                let mine = (seen[section] ?? []).filter { $0["sis_user_id"]?.stringValue == row["sis_user_id"] }
                // u0215 was never enrolled: dropping them enrolls nothing.
                let neverEnrolled = row["sis_user_id"] == "u0215"
                #expect(mine.count == (neverEnrolled ? 0 : 1), "\(row): \(mine)")
                let expected = row["status"] == "active" ? "active" : "completed"
                #expect(neverEnrolled || mine.first?["enrollment_state"]?.stringValue == expected, "\(row)")
            }
            #expect(rows.count == 18)
        }
    }

    // MARK: - Helpers

    /// Applies `graph` and expects every item to succeed.
    static func applyCleanly(_ graph: StepGraph, _ harness: ApplyHarness) async throws {
        let outcome = try await harness.apply(graph)
        #expect(
            outcome.status == .succeeded,
            "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" }) \(outcome.stepFailures)"
        )
    }

    /// Plans `graph` again and expects no write.
    static func expectNoChange(_ graph: StepGraph, _ harness: ApplyHarness) async throws {
        let again = try await harness.plan(graph)
        let summary = again.summary
        #expect(
            summary.creates == 0 && summary.updates == 0 && summary.deletes == 0 && summary.requests == 0,
            "\(PlanRenderer().render(again))")
    }

    /// Compares the rendered plan, Canvas ids written as `#` (the sandbox numbers objects in the order parallel
    /// writes reach it), with a golden file.
    static func compare(_ plan: Plan, golden name: String) {
        let rendered = PlanRenderer().render(plan).replacing(/\(id \d+\)/, with: "(id #)")
        if let mismatch = Golden.mismatch(rendered, goldenFile: golden.appendingPathComponent(name)) {
            Issue.record("\(mismatch)")
        }
    }
}

/// The rows of a small CSV text without quoting, as dictionaries by header.
func csvRows(_ text: String) -> [[String: String]] {
    let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    guard let header = lines.first else { return [] }
    return lines.dropFirst().map { fields in
        Dictionary(zip(header, fields).map { (String($0), String($1)) }, uniquingKeysWith: { first, _ in first })
    }
}
