import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import PlanModel
import Planning
import RunContext
import Sandbox
import Testing

/// `via: sis_import` over loopback: a term load of users, sections and enrollments sent as SIS import batches of
/// only the rows that change, each item settled from the import's outcome.
@Suite struct SISImportTransportTests {
    static let job = """
        easel: 1
        name: term-load
        defaults: { via: sis_import }
        inputs:
          users: { csv: users.csv }
          sections: { csv: sections.csv }
          enrollments: { csv: enrollments.csv }
        steps:
          - id: users
            for_each: ${{ inputs.users }}
            ensure: user
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}", login_id: "${{ item.login }}" }
          - id: sections
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:${{ item.course }}
            key: { sis_section_id: "${{ item.sis_section_id }}" }
            set: { name: "${{ item.name }}" }
          - id: enrollments
            needs: [users, sections]
            for_each: ${{ inputs.enrollments }}
            ensure: enrollment
            batch_size: 2
            in: sis_section_id:${{ item.section }}
            key: { user_id: "sis_user_id:${{ item.sis_user_id }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    static let users = """
        sis_user_id,name,login
        T-0001,Ada Load,ada.load
        T-0002,Ben Load,ben.load
        T-0003,Cy Load,cy.load
        """

    static let sections = """
        sis_section_id,course,name
        T-ENGL-A,ENGL-102-2026FA,Load A
        T-ENGL-B,ENGL-102-2026FA,Load B
        """

    static let enrollments = """
        sis_user_id,section
        T-0001,T-ENGL-A
        T-0002,T-ENGL-A
        T-0003,T-ENGL-B
        """

    static func files(users: String = users) -> [String: String] {
        ["users.csv": users, "sections.csv": sections, "enrollments.csv": enrollments]
    }

    /// The account's imports, newest first.
    static func imports(_ harness: ApplyHarness) async throws -> [JSONValue] {
        try await harness.client.getAll(
            .get("/api/v1/accounts/1/sis_imports"), unwrapping: "sis_imports", logger: ApplyHarness.logger
        ).arrayValue ?? []
    }

    @Test func aTermLoadAppliesReplansToNoChangeAndSendsOnlyTheChangedRow() async throws {
        try await ApplyHarness.run(sandbox: { $0.sisRowsPerSecond = 2000 }) { harness in
            let graph = try harness.job(Self.job, files: Self.files())
            let plan = try await harness.plan(graph)
            let rendered = PlanRenderer().render(plan)
            #expect(rendered.contains("via SIS import: 3 rows in 1 batch (users.csv)"), "\(rendered)")
            #expect(rendered.contains("via SIS import: 3 rows in 2 batches (enrollments.csv)"), "\(rendered)")
            #expect(plan.steps.first?.sisImport == SISImportPlan(rows: 3, batches: 1, files: ["users.csv"]))

            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            // What each item did is told as for API writes: the summary counts and results.csv say created.
            #expect(outcome.summary.count(of: .created) == plan.summary.creates, "\(outcome.summary)")
            #expect(try await harness.journal.items(run: outcome.runID).allSatisfy { $0.outcome != nil })
            #expect(try await Self.imports(harness).count == 4, "users, sections and two enrollment batches")
            let user = try await harness.get("/api/v1/users/sis_user_id:T-0002")
            #expect(user["name"] == "Ben Load")
            let enrolled = try await harness.get("/api/v1/sections/sis_section_id:T-ENGL-A/enrollments")
            let enrolledUsers = Set((enrolled.arrayValue ?? []).compactMap { $0["sis_user_id"]?.stringValue })
            #expect(enrolledUsers == ["T-0001", "T-0002"])

            let again = try await harness.plan(graph)
            #expect(again.summary.writes == 0, "\(PlanRenderer().render(again))")
            #expect(again.steps.allSatisfy { $0.sisImport == nil || $0.sisImport?.rows == 0 })

            let changed = Self.users.replacingOccurrences(of: "Cy Load", with: "Cyrus Load")
            let graphChanged = try harness.job(Self.job, files: Self.files(users: changed))
            let onePlan = try await harness.plan(graphChanged)
            #expect(onePlan.summary.writes == 1)
            let second = try await harness.apply(graphChanged)
            #expect(second.status == .succeeded, "\(second.problems)")
            #expect(second.summary.count(of: .updated) == 1, "\(second.summary)")
            #expect(second.summary.count(of: .created) == 0, "\(second.summary)")
            let updated = try await harness.journal.items(run: second.runID, step: "users").filter {
                $0.outcome == .updated
            }
            #expect(updated.map(\.itemKey) == ["sis_user_id=T-0003"], "\(updated)")
            #expect(updated.first?.changedFields.contains("name") == true, "\(updated)")
            let imports = try await Self.imports(harness)
            #expect(imports.count == 5, "one more import, for the one changed row")
            let latest = try #require(imports.first)
            #expect(latest["data"]?["counts"]?["users"] == 1)
            #expect(try await harness.get("/api/v1/users/sis_user_id:T-0003")["name"] == "Cyrus Load")
        }
    }

    @Test func aRowCanvasSkipsFailsItsOwnItemWithCanvassMessage() async throws {
        try await ApplyHarness.run(sandbox: { $0.sisRowsPerSecond = 2000 }) { harness in
            // T-0009's login belongs to the demo admin: Canvas skips that row with a warning.
            let users = Self.users + "\nT-0009,Taken Login,admin@demo.easel.test"
            let job = Self.job.replacingOccurrences(
                of: "defaults: { via: sis_import }", with: "defaults: { via: sis_import, on_error: continue }")
            let graph = try harness.job(job, files: Self.files(users: users))
            let run = try await harness.beginRun(graph)
            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status != .succeeded)
            let items = try await harness.journal.items(run: run, step: "users")
            let failed = items.filter { $0.state == .failed }
            #expect(failed.map(\.itemKey) == ["sis_user_id=T-0009"], "\(items)")
            #expect(failed.first?.errorMessage?.contains("row 5") == true, "\(failed)")
            #expect(failed.first?.errorMessage?.contains("already claimed") == true, "\(failed)")
            #expect(items.filter { $0.state == .confirmed }.count == 3)
            #expect(outcome.summary.count(of: .failed) == 1, "\(outcome.summary)")
            #expect(items.filter { $0.outcome == .created }.count == 3, "\(items)")
            #expect(!outcome.stoppedEarly, "on_error: continue tries every item")
            #expect(try await harness.get("/api/v1/users/sis_user_id:T-0001")["name"] == "Ada Load")
        }
    }

    @Test func anUploadWhoseAnswerIsLostIsFoundAmongRecentImportsNotSentTwice() async throws {
        try await ApplyHarness.run(sandbox: { $0.sisRowsPerSecond = 2000 }) { harness in
            let graph = try harness.job(Self.job, files: Self.files())
            try await harness.setFaults("lost=1.0")
            let run = try await harness.beginRun(graph)
            _ = try await harness.execute(graph, run: run)
            try await harness.setFaults("")
            _ = try await harness.execute(graph, run: run)
            let imports = try await Self.imports(harness)
            #expect(imports.count == 4, "every batch imported once: \(imports.map { $0["id"] ?? .null })")
            let summary = try await harness.journal.summary(of: run)
            #expect(summary[.confirmed] == 8, "\(summary)")
        }
    }
}
