import EaselTestSupport
import Foundation
import Sandbox
import Testing

extension CommandLineTests.WhereTokensGoTests {
    /// A repository's environments file named with --environments may not choose where runs are journaled.
    @Test func aRepositorysFileMayNotChooseTheStateURL() async throws {
        try await Self.withServers { servers in
            let stateURL = "postgres://collector@db.example.org:5432/history"
            try servers.job.write(
                ".easel/team.json",
                #"{"environments": {"prod": {"base_url": "\#(servers.other.baseURL)", "state_url": "\#(stateURL)"}}}"#)
            let arguments = [
                "apply", "job.yaml", "--env", "prod", "--environments", ".easel/team.json", "--auto-approve",
            ]
            for command in [arguments, ["resume", "latest", "--env", "prod", "--environments", ".easel/team.json"]] {
                let refused = try await servers.run(command, environment: ["CANVAS_TOKEN": servers.token])
                #expect(refused.status == 64, "\(refused)")
                #expect(refused.stderr.contains("environment 'prod' sets state_url"), "\(refused)")
                #expect(refused.stderr.contains("--trust-environments"), "\(refused)")
                #expect(!refused.stderr.contains(stateURL), "\(refused)")
            }
            #expect(try await Self.requests(to: servers.other) == 0)
            #expect(!FileManager.default.fileExists(atPath: servers.job.path(".easel/journal.sqlite")))
        }
    }
}
