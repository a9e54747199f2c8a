import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import Logging
import Sandbox
import Testing

/// The production confirmation and the job's limits on every command that writes: `apply PLAN`,
/// `apply PLAN --refresh` and `resume`, not only `apply JOB`.
@Suite struct WriteGuardCommandTests {
    /// A folder with the sections job and its rows, and a production environment named `live` for `sandbox`.
    static func productionFolder(rows: String, sandbox: RunningSandbox, job: String = ApplyGuardTests.sectionsJob)
        throws -> URL
    {
        let folder = try ApplyGuardTests.folder(job: job, files: ["rows.csv": rows])
        let environments = """
            {"environments": {"live": {"base_url": "\(sandbox.baseURL)", "token_env": "CANVAS_TOKEN", "production": true}}}
            """
        let path = folder.appendingPathComponent("environments.json").path
        try environments.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        return folder
    }

    static let live = ["--env", "live", "--environments", "environments.json"]

    static func host(of sandbox: RunningSandbox) throws -> String {
        try #require(URL(string: sandbox.baseURL).map { "\($0.host ?? ""):\($0.port ?? 0)" })
    }

    /// The sections of the demo course with this name, as Canvas has them now.
    static func sections(named name: String, in sandbox: RunningSandbox) async throws -> [JSONValue] {
        let configuration = CanvasClientConfiguration(baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let all = try await withCanvasClient(configuration) { client in
            try await client.getAll(.get("/api/v1/courses/sis_course_id:ENGL-101-2026SP/sections"), logger: logger)
        }
        return (all.arrayValue ?? []).filter { $0["name"]?.stringValue == name }
    }

    /// The writes the sandbox has answered so far.
    static func writes(_ sandbox: RunningSandbox) async throws -> Int {
        let byMethod = try await SandboxControl.stats(of: sandbox)["requests_by_method"]
        return ["POST", "PUT", "PATCH", "DELETE"].reduce(0) { $0 + (byMethod?[$1]?.intValue ?? 0) }
    }

    @Test func aSavedPlanIsAppliedToProductionOnlyWithItsHostConfirmed() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let folder = try Self.productionFolder(rows: "course,section\nENGL-101-2026SP,Lab S\n", sandbox: sandbox)
            defer { try? FileManager.default.removeItem(at: folder) }
            let (planned, planText) = try await ApplyGuardTests.easel(
                ["plan", "job.yaml", "--out", "plan.json"] + Self.live, in: folder, sandbox: sandbox)
            #expect(planned == 0, "\(planText)")
            let (refused, refusedText) = try await ApplyGuardTests.easel(
                ["apply", "plan.json", "--auto-approve"] + Self.live, in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("is production; pass --confirm-production"), "\(refusedText)")
            #expect(try await Self.sections(named: "Lab S", in: sandbox).isEmpty)
            let (applied, appliedText) = try await ApplyGuardTests.easel(
                ["apply", "plan.json", "--confirm-production", try Self.host(of: sandbox)] + Self.live, in: folder,
                sandbox: sandbox)
            #expect(applied == 0, "\(appliedText)")
            #expect(try await Self.sections(named: "Lab S", in: sandbox).count == 1)
        }
    }

    @Test func refreshOnProductionNeedsTheHostEvenWhenThePlanWritesNothing() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let folder = try Self.productionFolder(rows: "course,section\nENGL-101-2026SP,Lab R\n", sandbox: sandbox)
            defer { try? FileManager.default.removeItem(at: folder) }
            let host = try Self.host(of: sandbox)
            let (applied, appliedText) = try await ApplyGuardTests.easel(
                ["apply", "job.yaml", "--confirm-production", host] + Self.live, in: folder, sandbox: sandbox)
            #expect(applied == 0, "\(appliedText)")
            let (planned, planText) = try await ApplyGuardTests.easel(
                ["plan", "job.yaml", "--out", "plan.json"] + Self.live, in: folder, sandbox: sandbox)
            #expect(planned == 0 && planText.contains("0 writes"), "\(planText)")
            // Someone deletes the section after the plan: applying with --refresh would create it again.
            let section = try #require(try await Self.sections(named: "Lab R", in: sandbox).first?["id"]?.intValue)
            let configuration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            _ = try await withCanvasClient(configuration) { client in
                try await client.send(CanvasRequest(.delete, "/api/v1/sections/\(section)"), logger: logger)
            }
            let writesBefore = try await Self.writes(sandbox)
            let (refused, refusedText) = try await ApplyGuardTests.easel(
                ["apply", "plan.json", "--refresh", "--auto-approve"] + Self.live, in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("is production; pass --confirm-production"), "\(refusedText)")
            #expect(try await Self.writes(sandbox) == writesBefore)
            let (refreshed, refreshedText) = try await ApplyGuardTests.easel(
                ["apply", "plan.json", "--refresh", "--confirm-production", host] + Self.live, in: folder,
                sandbox: sandbox)
            #expect(refreshed == 0, "\(refreshedText)")
            #expect(try await Self.sections(named: "Lab R", in: sandbox).count == 1)
        }
    }

    @Test func resumeOnProductionNeedsTheHostAndShowsWhatAChangedJobLeftToDo() async throws {
        let tooLong = String(repeating: "C", count: 256)
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let job = ApplyGuardTests.sectionsJob.replacingOccurrences(
                of: "${{ item.section }}\n", with: "${{ item.row }}\n")
            let folder = try Self.productionFolder(
                rows: "row,course,section\n1,ENGL-101-2026SP,Lab Q\n2,ENGL-101-2026SP,\(tooLong)\n", sandbox: sandbox,
                job: job)
            defer { try? FileManager.default.removeItem(at: folder) }
            let host = try Self.host(of: sandbox)
            let (failed, failedText) = try await ApplyGuardTests.easel(
                ["apply", "job.yaml", "--confirm-production", host] + Self.live, in: folder, sandbox: sandbox)
            #expect(failed == 1, "\(failedText)")
            let writesBefore = try await Self.writes(sandbox)
            let (refused, refusedText) = try await ApplyGuardTests.easel(
                ["resume", "latest"] + Self.live, in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("is production; pass --confirm-production"), "\(refusedText)")
            #expect(try await Self.writes(sandbox) == writesBefore)

            try "row,course,section\n1,ENGL-101-2026SP,Lab Q\n2,ENGL-101-2026SP,Lab Q2\n".write(
                to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
            let (resumed, resumedText) = try await ApplyGuardTests.easel(
                ["resume", "latest", "--allow-changed-job", "--confirm-production", host] + Self.live, in: folder,
                sandbox: sandbox)
            #expect(resumed == 0, "\(resumedText)")
            // What is left is shown before it is written: the changed row, not the one the run already made.
            #expect(resumedText.contains("What is left to do under the changed job"), "\(resumedText)")
            #expect(resumedText.contains("Lab Q2"), "\(resumedText)")
            #expect(resumedText.contains("0 unchanged; 1 write"), "\(resumedText)")
            #expect(try await Self.sections(named: "Lab Q2", in: sandbox).count == 1)
            #expect(try await Self.sections(named: "Lab Q", in: sandbox).count == 1)
        }
    }

    @Test func aChangedJobIsResumedOnlyOnceWhatIsLeftIsApproved() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let tooLong = String(repeating: "D", count: 256)
            let job = ApplyGuardTests.sectionsJob.replacingOccurrences(
                of: "${{ item.section }}\n", with: "${{ item.row }}\n")
            let folder = try ApplyGuardTests.folder(
                job: job,
                files: ["rows.csv": "row,course,section\n1,ENGL-101-2026SP,Lab C\n2,ENGL-101-2026SP,\(tooLong)\n"])
            defer { try? FileManager.default.removeItem(at: folder) }
            let (failed, failedText) = try await ApplyGuardTests.easel(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            #expect(failed == 1, "\(failedText)")
            try "row,course,section\n1,ENGL-101-2026SP,Lab C\n2,ENGL-101-2026SP,Lab C2\n".write(
                to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
            let writesBefore = try await Self.writes(sandbox)
            let (refused, refusedText) = try await ApplyGuardTests.easel(
                ["resume", "latest", "--allow-changed-job"], in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("What is left to do under the changed job"), "\(refusedText)")
            #expect(refusedText.contains("pass --auto-approve"), "\(refusedText)")
            #expect(try await Self.writes(sandbox) == writesBefore)
            let (resumed, resumedText) = try await ApplyGuardTests.easel(
                ["resume", "latest", "--allow-changed-job", "--auto-approve"], in: folder, sandbox: sandbox)
            #expect(resumed == 0, "\(resumedText)")
            #expect(try await Self.sections(named: "Lab C2", in: sandbox).count == 1)
        }
    }

    @Test func aPlanFileCannotLiftTheJobsLimits() async throws {
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let job = ApplyGuardTests.sectionsJob.replacingOccurrences(
                of: "defaults: { on_error: continue }",
                with: "defaults: { on_error: continue }\nlimits: { max_changes: 1 }")
            let folder = try ApplyGuardTests.folder(
                job: job, files: ["rows.csv": "course,section\nENGL-101-2026SP,Lab L1\nENGL-101-2026SP,Lab L2\n"])
            defer { try? FileManager.default.removeItem(at: folder) }
            let (planned, planText) = try await ApplyGuardTests.easel(
                ["plan", "job.yaml", "--out", "plan.json"], in: folder, sandbox: sandbox)
            #expect(planned == 1, "\(planText)")
            #expect(planText.contains("(max_changes)"), "\(planText)")
            // The saved plan's own list of violations is edited away; the limits still hold.
            let planURL = folder.appendingPathComponent("plan.json")
            let text = try String(contentsOf: planURL, encoding: .utf8)
            let edited = text.replacingOccurrences(
                of: #""limit_violations"\s*:\s*\[[^\]]*\]"#, with: #""limit_violations": []"#,
                options: .regularExpression)
            #expect(edited != text)
            try edited.write(to: planURL, atomically: true, encoding: .utf8)
            let (refused, refusedText) = try await ApplyGuardTests.easel(
                ["apply", "plan.json", "--auto-approve"], in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(
                refusedText.contains("the plan makes 2 changes; the job allows at most 1 (max_changes)"),
                "\(refusedText)")
            #expect(try await Self.writes(sandbox) == 0)
        }
    }
}
