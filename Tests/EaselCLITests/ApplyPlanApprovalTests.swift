import Foundation
import Testing

extension CommandLineTests {
    /// A saved plan is the reviewed artefact: `easel apply PLAN` applies it without asking, while a job, or a
    /// plan applied with `--refresh` (which writes what the job wants now), still asks.
    @Suite struct ApplyPlanApprovalTests {
        static let stateDirectory = ["--state-dir", ".easel"]

        @Test func aSavedPlanIsAppliedWithoutAskingAndARefreshStillAsks() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "AP"))
            defer { folder.remove() }
            // Without --auto-approve and without a terminal, a question would end the command with an error.
            let job = try await EaselProcess.run(["apply", "job.yaml"] + Self.stateDirectory, in: folder.url)
            #expect(job.status == 1, "\(job)")
            #expect(job.stderr.contains("pass --auto-approve to write without asking"), "\(job)")

            let plan = try await EaselProcess.run(
                ["plan", "job.yaml", "--out", "plan.json"] + Self.stateDirectory, in: folder.url)
            #expect(plan.status == 0, "\(plan)")
            let refreshed = try await EaselProcess.run(
                ["apply", "plan.json", "--refresh"] + Self.stateDirectory, in: folder.url)
            #expect(refreshed.status == 1, "\(refreshed)")
            #expect(refreshed.stderr.contains("pass --auto-approve to write without asking"), "\(refreshed)")

            let applied = try await EaselProcess.run(["apply", "plan.json"] + Self.stateDirectory, in: folder.url)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Apply complete: 2 created; 0 failed"), "\(applied)")
            #expect(!applied.stderr.contains("approval"), "\(applied)")
        }
    }
}
