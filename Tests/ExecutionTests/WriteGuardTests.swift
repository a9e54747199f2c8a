import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import PlanModel
import Planning
import RunContext
import Sandbox
import Testing

/// The guards the executor applies to each write: the production confirmation and the job's `limits:`, also for
/// items known only while the run goes and for raw `DELETE` requests.
@Suite struct WriteGuardTests {
    /// The writes the sandbox received, by method.
    static func writes(_ harness: ApplyHarness) async throws -> [String: Int] {
        let byMethod = try await SandboxControl.stats(of: harness.sandbox)["requests_by_method"]?.objectValue ?? [:]
        var writes: [String: Int] = [:]
        for (method, count) in byMethod where method != "GET" { writes[method] = count.intValue ?? 0 }
        return writes
    }

    /// A course and its sections, then a rename of each section the course lists: the rename step's items are
    /// known only once the course exists.
    static func renameJob(maxChanges: Int) -> String {
        """
        easel: 1
        name: rename sections
        inputs: { sections: { csv: sections.csv } }
        limits: { max_changes: \(maxChanges) }
        defaults: { parallelism: 3 }
        steps:
          - id: course
            ensure: course
            in: sis_account_id:ENG
            key: { sis_course_id: LG-1 }
            set: { name: Limits }
          - id: sections
            needs: [course]
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:LG-1
            key: { name: "${{ item.name }}" }
          - id: listed
            needs: [sections]
            get: /api/v1/courses/${{ steps.course.output.id }}/sections
          - id: rename
            for_each: ${{ steps.listed.output }}
            request: PUT /api/v1/sections/${{ item.id }}
            body: { course_section: { name: "${{ item.name }} renamed" } }
        """
    }

    static let sectionsCSV = "name\n" + (1...5).map { "Section \($0)" }.joined(separator: "\n") + "\n"

    @Test func aFanOutKnownOnlyWhileRunningStopsAtTheLimitAndResumesOnceItIsRaised() async throws {
        try await ApplyHarness.run { harness in
            let files = ["sections.csv": Self.sectionsCSV]
            let limited = try harness.job(Self.renameJob(maxChanges: 8), files: files)
            // The plan counts only the 6 creates: the rename step's items are not known before the course exists.
            let plan = try await harness.plan(limited)
            #expect(plan.steps.first { $0.id == "rename" }?.itemsUnknown != nil)
            #expect(Planner.limitViolations(of: plan, limits: limited.spec.limits).isEmpty)

            let run = try await harness.beginRun(limited)
            let first = try await harness.execute(limited, run: run)
            #expect(first.status == .failed, "\(first.problems) \(first.stepFailures)")
            let firstWrites = try await Self.writes(harness)
            #expect(firstWrites == ["POST": 6, "PUT": 2], "\(first.problems) \(first.stepFailures) \(firstWrites)")
            let refusal = try #require(first.problems.first { $0.errorMessage?.contains("max_changes") == true })
            #expect(refusal.stepID == "rename")
            #expect(refusal.errorMessage?.contains("change 9 of this run") == true, "\(refusal)")
            #expect(refusal.errorMessage?.contains("at most 8") == true)
            #expect(refusal.errorMessage?.contains("raise limits.max_changes") == true)

            // Resumed under the same limit, the writes already made still count: nothing more is sent.
            let again = try await harness.execute(limited, run: run)
            #expect(again.status == .failed)
            #expect(try await Self.writes(harness) == ["POST": 6, "PUT": 2])

            // Raised, the run finishes without sending any write twice.
            let raised = try harness.job(Self.renameJob(maxChanges: 20), files: files)
            let finished = try await harness.execute(raised, run: run)
            #expect(finished.status == .succeeded, "\(finished.problems)")
            let sections = try await harness.get("/api/v1/courses/sis_course_id:LG-1/sections").arrayValue ?? []
            #expect(sections.count >= 5)
            #expect(sections.allSatisfy { $0["name"]?.stringValue?.hasSuffix(" renamed") == true }, "\(sections)")
            let total = try await Self.writes(harness)
            #expect(total == ["POST": 6, "PUT": sections.count], "\(total)")
        }
    }

    static let deletesJob = """
        easel: 1
        name: drop sections
        inputs: { sections: { csv: sections.csv } }
        limits: { max_deletes: 1 }
        defaults: { on_error: continue, parallelism: 1 }
        steps:
          - id: made
            for_each: ${{ inputs.sections }}
            ensure: section
            in: sis_course_id:ENGL-101-2026SP
            key: { name: "${{ item.name }}" }
          - id: drop
            for_each: ${{ steps.made.items }}
            request: DELETE /api/v1/sections/${{ item.output.id }}
        """

    @Test func aRawDeleteCountsAsADeleteInThePlanAndInTheRun() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.deletesJob, files: ["sections.csv": "name\nDrop 1\nDrop 2\nDrop 3\n"])
            let plan = try await harness.plan(graph)
            #expect(plan.limitViolations == ["the plan deletes 3 objects; the job allows at most 1 (max_deletes)"])

            // The executor holds the limit even when no plan was checked first.
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .failed)
            #expect(try await Self.writes(harness) == ["POST": 3, "DELETE": 1])
            let refusal = try #require(outcome.problems.first { $0.errorMessage?.contains("max_deletes") == true })
            #expect(refusal.errorMessage?.contains("delete 2 of this run") == true, "\(refusal)")
        }
    }

    /// An enrollment moved to another section is a new enrollment and a deleted one (`-/+`): the plan and the run
    /// count it as a delete for `max_deletes`, and as two changes for `max_changes`.
    @Test(arguments: [
        ("limits: { max_deletes: 0 }", "the plan deletes 1 object; the job allows at most 0 (max_deletes)", "delete 1"),
        ("limits: { max_changes: 1 }", "the plan makes 2 changes; the job allows at most 1 (max_changes)", "change 2"),
    ])
    func aMoveToAnotherSectionCountsAsADelete(limits: String, planned: String, refused: String) async throws {
        try await ApplyHarness.run { harness in
            // u0108 is an active student of ENGL-102-2026FA's default section in the demo seed.
            let stay = try harness.job(
                RealisticJobsTests.placementJob, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-2026FA-01\n"])
            try await RealisticJobsTests.applyCleanly(stay, harness)
            let enrollments = "/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments"
            let before = try await harness.get(enrollments, query: ["user_id": "sis_user_id:u0108"])
            let writesBefore = try await Self.writes(harness)

            let moved = ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-FA-HONORS\n"]
            let text = RealisticJobsTests.placementJob.replacingOccurrences(of: "steps:", with: limits + "\nsteps:")
            let limited = try harness.job(text, files: moved)
            let plan = try await harness.plan(limited)
            #expect(plan.summary.creates == 1 && plan.summary.deletes == 1, "\(plan.summary.line)")
            #expect(plan.limitViolations == [planned])

            // The executor holds the limit without the plan: the move is not sent, neither its POST nor its DELETE.
            let outcome = try await harness.apply(limited)
            #expect(outcome.status == .failed)
            let refusal = try #require(outcome.problems.first { $0.stepID == "placed" }, "\(outcome.problems)")
            #expect(refusal.errorMessage?.contains("it would be \(refused) of this run") == true, "\(refusal)")
            #expect(try await Self.writes(harness) == writesBefore)
            #expect(try await harness.get(enrollments, query: ["user_id": "sis_user_id:u0108"]) == before)

            // Raised, the same move goes through.
            let raised = try harness.job(RealisticJobsTests.placementJob, files: moved)
            let applied = try await harness.apply(raised)
            #expect(applied.status == .succeeded, "\(applied.problems)")
            let after = try await harness.get(enrollments, query: ["user_id": "sis_user_id:u0108"])
            #expect(after.arrayValue?.first?["sis_section_id"] == "ENGL-102-FA-HONORS", "\(after)")
        }
    }

    /// A move to another section (`-/+`) is one create and one delete wherever the plan counts: the Deletes list,
    /// the summary line and the JSON plan agree, and the legend says what `-/+` means.
    @Test func aMoveIsCountedAlikeInTheDeletesListTheSummaryAndTheJSONPlan() async throws {
        try await ApplyHarness.run { harness in
            let stay = try harness.job(
                RealisticJobsTests.placementJob, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-2026FA-01\n"])
            try await RealisticJobsTests.applyCleanly(stay, harness)
            let moved = try harness.job(
                RealisticJobsTests.placementJob, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-FA-HONORS\n"])
            let plan = try await harness.plan(moved)
            let text = PlanRenderer().render(plan)
            #expect(text.contains("\nDeletes (\(plan.summary.deletes)):\n"), "\(text)")
            #expect(plan.summary.deletes == 1 && plan.summary.creates == 1, "\(plan.summary.line)")
            #expect(text.contains("Plan: 1 to create, 0 to update, 1 to delete"), "\(text)")
            #expect(text.contains("Markers: -/+ replace (create a new one, then delete the old)\n"), "\(text)")
            let json = plan.jsonValue
            #expect(json["summary"]?["delete"] == 1 && json["summary"]?["create"] == 1, "\(json)")
            let items = json["steps"]?.arrayValue?.flatMap { $0["items"]?.arrayValue ?? [] } ?? []
            let replaced = items.filter { $0["replaces"] == true }
            #expect(replaced.count == 1, "\(json)")
            let reread = try Plan(json: json)
            #expect(reread.summary == plan.summary)
        }
    }

    @Test func theLegendNamesOnlyTheMarkersThePlanUses() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: legend
                steps:
                  - id: section
                    ensure: section
                    in: sis_course_id:ENGL-102-2026FA
                    key: { sis_section_id: LEGEND-1 }
                    set: { name: Legend section }
                  - id: ping
                    request: PUT /api/v1/users/self/settings
                    body: { manual_mark_as_read: true }
                """, files: [:])
            let text = PlanRenderer().render(try await harness.plan(graph))
            #expect(
                text.contains(
                    "Markers: + create, ! raw request (sent as written; the plan cannot tell what it changes)\n"),
                "\(text)")
        }
    }

    /// A resumed run counts an update it already made as a replacement when its step may replace objects: the
    /// delete the move spent is not spent again.
    @Test func aResumedRunStillCountsTheDeleteOfAnEarlierMove() async throws {
        try await ApplyHarness.run { harness in
            let stay = try harness.job(
                RealisticJobsTests.placementJob, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-2026FA-01\n"])
            try await RealisticJobsTests.applyCleanly(stay, harness)
            let text =
                RealisticJobsTests.placementJob.replacingOccurrences(
                    of: "steps:", with: "limits: { max_deletes: 1 }\ndefaults: { on_error: continue }\nsteps:")
                + "\n  - id: drop\n    needs: [placed]\n    request: DELETE /api/v1/sections/sis_section_id:ENGL-102-FA-HONORS\n"
            let graph = try harness.job(text, files: ["rows.csv": "sis_user_id,section\nu0108,ENGL-102-FA-HONORS\n"])
            let run = try await harness.beginRun(graph)
            let first = try await harness.execute(graph, run: run)
            let refusal = try #require(first.problems.first { $0.stepID == "drop" }, "\(first.problems)")
            #expect(refusal.errorMessage?.contains("it would be delete 2 of this run") == true, "\(refusal)")
            let writes = try await Self.writes(harness)

            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .failed)
            let again = try #require(resumed.problems.first { $0.stepID == "drop" }, "\(resumed.problems)")
            #expect(again.errorMessage?.contains("it would be delete 2 of this run") == true, "\(again)")
            #expect(try await Self.writes(harness) == writes)
        }
    }

    @Test func aProductionWriteIsNotSentUnlessItsHostWasConfirmed() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                ExecutorTests.shellsJob, files: ["courses.csv": ExecutorTests.coursesCSV(3, prefix: "PG")])
            let production = PlanEnvironment(name: "live", host: "canvas.example.edu", isProduction: true)
            let refused = try await harness.apply(graph) { options in
                options.environment = production
                options.confirmedProductionHost = "canvas-test.example.edu"
            }
            #expect(refused.status == .failed)
            #expect(try await Self.writes(harness).isEmpty)
            #expect(
                refused.problems.contains {
                    $0.errorMessage?.contains("canvas.example.edu is production") == true
                        && $0.errorMessage?.contains("--confirm-production canvas.example.edu") == true
                }, "\(refused.problems)")

            let confirmed = try await harness.apply(graph) { options in
                options.environment = production
                options.confirmedProductionHost = "canvas.example.edu"
            }
            #expect(confirmed.status == .succeeded, "\(confirmed.problems)")
            #expect(try await Self.writes(harness) == ["POST": 3, "PUT": 3])
        }
    }
}

/// `export:` paths stay in the job file's folder unless the user names another with `--export-dir`.
@Suite struct ExportContainmentTests {
    static func job(exportingTo path: String) -> String {
        """
        easel: 1
        name: export
        steps:
          - id: accounts
            get: /api/v1/accounts
            export: { json: "\(path)" }
        """
    }

    @Test(arguments: ["../escaped.json", "out/../../escaped.json", "/etc/easel-escaped-export.json"])
    func anExportLeavingTheJobsFolderIsRefusedBeforeAnythingRuns(path: String) async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job(exportingTo: path))
            let run = try await harness.beginRun(graph)
            await #expect(throws: ExportPathError.self) {
                try await Executor(
                    graph: graph, client: harness.client, journal: harness.journal, runID: run,
                    logger: ApplyHarness.logger
                ).run()
            }
            #expect(try await harness.journal.items(run: run).isEmpty)
            let escaped = harness.folder.deletingLastPathComponent().appendingPathComponent("escaped.json")
            #expect(!FileManager.default.fileExists(atPath: escaped.path))
        }
    }

    @Test func aSymbolicLinkOutOfTheFolderIsRefusedToo() async throws {
        try await ApplyHarness.run { harness in
            let outside = FileManager.default.temporaryDirectory.appendingPathComponent("easel-outside-\(UUID())")
            try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: outside) }
            try FileManager.default.createSymbolicLink(
                at: harness.folder.appendingPathComponent("link"), withDestinationURL: outside)
            let graph = try harness.job(Self.job(exportingTo: "link/accounts.json"))
            let run = try await harness.beginRun(graph)
            await #expect(throws: ExportPathError.self) {
                try await Executor(
                    graph: graph, client: harness.client, journal: harness.journal, runID: run,
                    logger: ApplyHarness.logger
                ).run()
            }
            #expect(!FileManager.default.fileExists(atPath: outside.appendingPathComponent("accounts.json").path))
        }
    }

    @Test func exportsGoBesideTheJobOrIntoTheFolderTheUserNamed() async throws {
        try await ApplyHarness.run { harness in
            let inside = try harness.job(Self.job(exportingTo: "out/accounts.json"))
            let first = try await harness.apply(inside) { $0.exportDirectory = nil }
            #expect(first.status == .succeeded, "\(first.stepFailures)")
            #expect(
                FileManager.default.fileExists(atPath: harness.folder.appendingPathComponent("out/accounts.json").path))

            let chosen = FileManager.default.temporaryDirectory.appendingPathComponent("easel-chosen-\(UUID())")
            try FileManager.default.createDirectory(at: chosen, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: chosen) }
            let elsewhere = try harness.job(Self.job(exportingTo: chosen.appendingPathComponent("a.json").path))
            let second = try await harness.apply(elsewhere) { $0.allowedExportDirectory = chosen }
            #expect(second.status == .succeeded, "\(second.stepFailures)")
            #expect(FileManager.default.fileExists(atPath: chosen.appendingPathComponent("a.json").path))
        }
    }
}
