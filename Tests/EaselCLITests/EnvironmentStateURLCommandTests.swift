import EaselTestSupport
import Execution
import Foundation
import PostgresJournal
import Sandbox
import Testing

extension SharedStateTests {
    /// The `state_url` of the environment a run targets journals it there; `EASEL_STATE_URL` and `--state-url`
    /// come first.
    @Test func anEnvironmentsStateURLJournalsItsRunsUnlessTheFlagOrVariableNamesAnother() async throws {
        let team = try SharedStateDatabase()
        let other = try SharedStateDatabase()
        let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "ES"))
        let configuration = try TemporaryFolder()
        let elsewhere = try TemporaryFolder()
        defer {
            folder.remove()
            configuration.remove()
            elsewhere.remove()
        }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try configuration.write(
                "easel/environments.json",
                #"{"environments": {"team": {"base_url": "\#(sandbox.baseURL)", "state_url": "\#(team.url)"}}}"#)
            try FileManager.default.setAttributes(
                [.posixPermissions: NSNumber(value: Int16(0o600))],
                ofItemAtPath: configuration.path("easel/environments.json"))
            let user = ["XDG_CONFIG_HOME": configuration.url.path, "CANVAS_TOKEN": sandbox.token]
            func easel(_ arguments: [String], in place: TemporaryFolder, _ extra: [String: String] = [:])
                async throws -> EaselResult
            {
                try await EaselProcess.run(
                    arguments + ["--env", "team"], in: place.url, environment: user.merging(extra) { _, new in new })
            }

            let applied = try await easel(["apply", "job.yaml", "--auto-approve"], in: folder)
            #expect(applied.status == 0, "\(applied)")
            #expect(!FileManager.default.fileExists(atPath: folder.path(".easel/journal.sqlite")))
            let teamStore = try await team.open()
            defer { teamStore.close() }
            let first = try #require(try await teamStore.latestRun())
            #expect(first.status == .succeeded)
            #expect(try await teamStore.summary(of: first.id)[.confirmed] == 2)

            // Resume, from a folder with no journal, finds the run where the environment keeps it.
            let resumed = try await easel(["resume", first.id.rawValue], in: elsewhere)
            #expect(resumed.status == 0, "\(resumed)")
            #expect(resumed.stdout.contains("Run \(first.id) already succeeded"), "\(resumed)")
            #expect(!FileManager.default.fileExists(atPath: elsewhere.path(".easel/journal.sqlite")))

            // EASEL_STATE_URL beats the environment's state_url.
            let byVariable = try await easel(
                ["apply", "job.yaml", "--auto-approve"], in: folder, ["EASEL_STATE_URL": other.url])
            #expect(byVariable.status == 0, "\(byVariable)")
            let otherStore = try await other.open()
            defer { otherStore.close() }
            let second = try #require(try await otherStore.latestRun())
            #expect(second.id != first.id)
            #expect(try await teamStore.runs(limit: 10).map(\.id) == [first.id])

            // --state-url beats both.
            let byFlag = try await easel(
                ["apply", "job.yaml", "--auto-approve", "--state-url", other.url], in: folder,
                ["EASEL_STATE_URL": team.url])
            #expect(byFlag.status == 0, "\(byFlag)")
            #expect(try await otherStore.runs(limit: 10).count == 2)
            #expect(try await teamStore.runs(limit: 10).map(\.id) == [first.id])
            #expect(!FileManager.default.fileExists(atPath: folder.path(".easel/journal.sqlite")))
        }
        await team.remove()
        await other.remove()
    }
}
