import Foundation
import Sandbox
import Testing

/// What `apply` and `resume` refuse to do without being told: write to production, or resume a job that changed.
@Suite struct ApplyGuardTests {
    static func folder(job: String, files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-guard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try job.write(to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func easel(_ arguments: [String], in folder: URL, sandbox: RunningSandbox) async throws -> (Int32, String) {
        let process = try KillAndResumeTests.launch(arguments, in: folder, sandbox: sandbox)
        return await KillAndResumeTests.finish(process)
    }

    static let sectionsJob = """
        easel: 1
        name: sections
        inputs: { rows: { csv: rows.csv } }
        defaults: { on_error: continue }
        steps:
          - id: sections
            for_each: ${{ inputs.rows }}
            item_key: ${{ item.section }}
            ensure: section
            in: sis_course_id:${{ item.course }}
            key: { name: "${{ item.section }}" }
        """

    @Test func resumeRefusesAChangedJobAndSaysWhatChanged() async throws {
        // The second section's name is longer than Canvas allows: it plans, and Canvas refuses it at apply.
        let tooLong = String(repeating: "B", count: 256)
        let job = Self.sectionsJob.replacingOccurrences(of: "${{ item.section }}\n", with: "${{ item.row }}\n")
        let folder = try Self.folder(
            job: job, files: ["rows.csv": "row,course,section\n1,ENGL-101-2026SP,Lab A\n2,ENGL-101-2026SP,\(tooLong)\n"]
        )
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let (applied, applyText) = try await Self.easel(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            #expect(applied == 1, "\(applyText)")
            #expect(applyText.contains("easel resume"))
            try "row,course,section\n1,ENGL-101-2026SP,Lab A\n2,ENGL-101-2026SP,Lab B\n".write(
                to: folder.appendingPathComponent("rows.csv"), atomically: true, encoding: .utf8)
            let (refused, refusedText) = try await Self.easel(["resume", "latest"], in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("input 'rows' (rows.csv) changed"), "\(refusedText)")
            #expect(refusedText.contains("--allow-changed-job"))
            let (resumed, resumedText) = try await Self.easel(
                ["resume", "latest", "--allow-changed-job", "--auto-approve"], in: folder, sandbox: sandbox)
            #expect(resumed == 0, "\(resumedText)")
        }
    }

    @Test func productionNeedsItsHostConfirmed() async throws {
        let folder = try Self.folder(
            job: Self.sectionsJob, files: ["rows.csv": "course,section\nENGL-101-2026SP,Lab P\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let environments = """
                {"environments": {"live": {"base_url": "\(sandbox.baseURL)", "token_env": "CANVAS_TOKEN", "production": true}}}
                """
            try environments.write(
                to: folder.appendingPathComponent("environments.json"), atomically: true, encoding: .utf8)
            let target = ["--env", "live", "--environments", "environments.json"]
            let (refused, refusedText) = try await Self.easel(
                ["apply", "job.yaml", "--auto-approve"] + target, in: folder, sandbox: sandbox)
            #expect(refused == 1)
            #expect(refusedText.contains("is production; pass --confirm-production"), "\(refusedText)")
            #expect(refusedText.contains("(production)") || refusedText.contains("PRODUCTION"), "\(refusedText)")
            let host = try #require(URL(string: sandbox.baseURL).map { "\($0.host ?? ""):\($0.port ?? 0)" })
            let (wrong, _) = try await Self.easel(
                ["apply", "job.yaml", "--confirm-production", "other.example.edu"] + target, in: folder,
                sandbox: sandbox)
            #expect(wrong == 1)
            let (applied, appliedText) = try await Self.easel(
                ["apply", "job.yaml", "--confirm-production", host] + target, in: folder, sandbox: sandbox)
            #expect(applied == 0, "\(appliedText)")
        }
    }
}
