import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// A permission the token's user lacks for a whole step is reported once, for the run, which stops with 77 and
    /// resumes once the role is fixed; a refusal on one item's own object stays that item's failure.
    @Suite struct PermissionFailureTests {
        private static func usersJob(rows: Int) -> [String: String] {
            [
                "users.csv": "login\n" + (1...rows).map { "perm-user-\($0)\n" }.joined(),
                "job.yaml": """
                easel: 1
                name: account-users
                inputs: { users: { csv: users.csv } }
                defaults: { parallelism: 1, retry: { attempts: 1 }, on_error: continue }
                steps:
                  - id: create
                    for_each: ${{ inputs.users }}
                    request: POST /api/v1/accounts/1/users
                    body:
                      user: { name: "${{ item.login }}" }
                      pseudonym: { unique_id: "${{ item.login }}" }

                """,
            ]
        }

        @Test func aPermissionEveryItemLacksStopsTheRunOnceWith77AndResumeFinishesIt() async throws {
            let folder = try TemporaryFolder(Self.usersJob(rows: 6))
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                try await SandboxControl.post(
                    "/__sandbox/denied", body: ["requests": ["POST /api/v1/accounts/:account_id/users"]], to: sandbox)
                let target = ["--base-url", sandbox.baseURL, "--state-dir", ".easel"]
                let refused = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve"] + target, in: folder.url,
                    environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(refused.status == 77, "\(refused)")
                let said =
                    refused.stdout.components(
                        separatedBy: "Canvas refused permission for POST /api/v1/accounts/1/users"
                    ).count - 1
                #expect(said == 1, "reported once, for the run: \(refused)")
                #expect(refused.stdout.contains("error: the run stopped:"), "\(refused)")
                #expect(!refused.stdout.contains("Problems ("), "\(refused)")

                let show = try await EaselProcess.run(["show", "latest", "--state-dir", ".easel"], in: folder.url)
                let row = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("create ") }, "\(show)")
                #expect(row.hasSuffix("3/6"), "three refused in a row, three never sent: \(row)")
                let stats = try await SandboxControl.stats(of: sandbox)
                #expect(
                    stats["requests_by_route"]?["POST /api/v1/accounts/:account_id/users"] == 3,
                    "no item after the third refusal was sent: \(stats)")

                // The admin gives the user the role; resume sends every item.
                try await SandboxControl.post("/__sandbox/denied", body: ["requests": []], to: sandbox)
                let hint = try #require(
                    refused.stdout.split(separator: "\n").first { $0.hasPrefix("Resume it with: easel ") }, "\(refused)"
                )
                let command = hint.dropFirst("Resume it with: easel ".count).split(separator: " ").map(String.init)
                let resumed = try await EaselProcess.run(
                    command, in: folder.url, environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(resumed.status == 0, "\(resumed)")
                #expect(resumed.stdout.contains("Apply complete: 6 sent; 0 failed"), "\(resumed)")
            }
        }

        @Test func aRefusalOnOneItemsOwnObjectStaysThatItemsFailure() async throws {
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                var ids: [String] = []
                for index in 1...4 {
                    let course = try await SandboxControl.api(
                        "POST", "/api/v1/accounts/1/courses", body: ["course": ["name": .string("Perm \(index)")]],
                        on: sandbox)
                    ids.append(try #require(course["id"]?.interpolated))
                }
                let folder = try TemporaryFolder([
                    "courses.csv": "id\n" + ids.map { "\($0)\n" }.joined(),
                    "job.yaml": """
                    easel: 1
                    name: rename
                    inputs: { courses: { csv: courses.csv } }
                    defaults: { parallelism: 1, retry: { attempts: 1 }, on_error: continue }
                    steps:
                      - id: rename
                        for_each: ${{ inputs.courses }}
                        request: PUT /api/v1/courses/${{ item.id }}
                        body: { course: { name: "Renamed ${{ item.id }}" } }

                    """,
                ])
                defer { folder.remove() }
                try await SandboxControl.post(
                    "/__sandbox/denied", body: ["requests": .array([.string("PUT /api/v1/courses/\(ids[1])")])],
                    to: sandbox)
                let result = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve", "--base-url", sandbox.baseURL, "--state-dir", ".easel"],
                    in: folder.url, environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(result.status == 1, "\(result)")
                #expect(!result.stdout.contains("the run stopped"), "\(result)")
                #expect(result.stdout.contains("Problems (1):"), "\(result)")
                #expect(result.stdout.contains(": failed: not permitted (PUT /api/v1/courses/\(ids[1])"), "\(result)")
                #expect(result.stdout.contains("3 sent"), "\(result)")
            }
        }
    }
}
