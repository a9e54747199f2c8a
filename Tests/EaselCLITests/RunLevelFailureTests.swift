import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// A failure every item would hit (nothing listening, a rejected token) is reported once, for the run, and
    /// stops it; items not started stay pending, and resume carries on once the cause is fixed.
    @Suite struct RunLevelFailureTests {
        private static let job = [
            "courses.csv": "name\nFirst\nSecond\nThird\n",
            "job.yaml": """
            easel: 1
            name: run-level
            inputs: { courses: { csv: courses.csv } }
            defaults: { parallelism: 1, retry: { attempts: 1 } }
            steps:
              - id: create
                for_each: ${{ inputs.courses }}
                request: POST /api/v1/accounts/1/courses
                body: { course: { name: "${{ item.name }}" } }

            """,
        ]

        @Test func aRejectedTokenStopsTheRunOnceAndResumeFinishesIt() async throws {
            let folder = try TemporaryFolder(Self.job)
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let target = ["--base-url", sandbox.baseURL, "--state-dir", ".easel"]
                let rejected = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve"] + target, in: folder.url,
                    environment: ["CANVAS_TOKEN": "not-the-sandbox-token"])
                #expect(rejected.status == 77, "a rejected token exits 77: \(rejected)")
                let said = rejected.stdout.components(separatedBy: "Canvas rejected the access token (401)").count - 1
                #expect(said == 1, "reported once, for the run: \(rejected)")
                #expect(rejected.stdout.contains("error: the run stopped:"), "\(rejected)")
                #expect(!rejected.stdout.contains("Problems ("), "\(rejected)")

                let show = try await EaselProcess.run(["show", "latest", "--state-dir", ".easel"], in: folder.url)
                let row = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("create ") }, "\(show)")
                #expect(row.hasSuffix("1/3"), "the two items not started stay pending: \(row)")

                // The hint carries --base-url and --state-dir as given, and runs as printed.
                let hint = try #require(
                    rejected.stdout.split(separator: "\n").first { $0.hasPrefix("Resume it with: ") }, "\(rejected)")
                let command = hint.dropFirst("Resume it with: ".count).split(separator: " ").map(String.init)
                #expect(command.first == "easel" && command.dropFirst().first == "resume", "\(hint)")
                #expect(Array(command.suffix(4)) == target, "\(hint)")
                let resumed = try await EaselProcess.run(
                    Array(command.dropFirst()), in: folder.url, environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(resumed.status == 0, "\(resumed)")
                #expect(resumed.stdout.contains("Apply complete: 3 sent; 0 failed"), "\(resumed)")
            }
        }

        @Test func anUnreachableHostIsNamedWithItsCause() async throws {
            let folder = try TemporaryFolder(Self.job)
            defer { folder.remove() }
            // A port bound and never listened on: the connection is refused.
            let refusing = try RefusingPort()
            let (closed, port) = (refusing.baseURL, String(refusing.port))
            let unreachable = try await EaselProcess.run(
                ["apply", "job.yaml", "--auto-approve", "--base-url", closed, "--state-dir", ".easel"], in: folder.url,
                environment: ["CANVAS_TOKEN": "any-token"])
            #expect(unreachable.status == 69, "an unreachable Canvas exits 69: \(unreachable)")
            #expect(
                unreachable.stdout.contains(
                    "error: the run stopped: could not reach Canvas: 127.0.0.1:\(port) refused the connection"),
                "\(unreachable)")
            #expect(unreachable.stdout.contains("1 item(s) failed on it"), "\(unreachable)")
            #expect(!unreachable.stdout.contains("NIOConnectionError"), "\(unreachable)")
            let show = try await EaselProcess.run(["show", "latest", "--state-dir", ".easel"], in: folder.url)
            let row = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("create ") }, "\(show)")
            #expect(row.hasSuffix("1/3"), "the two items not started stay pending: \(row)")
        }
    }
}
