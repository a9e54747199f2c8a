import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// What a run did, item by item, through the binary against a sandbox: the apply summary, `runs`, `show` and
    /// `results.csv` say created, updated, concluded and unchanged rather than one word for a write and no write.
    @Suite struct OutcomeReportingTests {
        private static let conclude = """
            easel: 1
            name: conclude-one
            steps:
              - id: retire
                ensure: course
                in: self
                key: { sis_course_id: OR-3 }
                state: absent
                set: { event: conclude }

            """

        @Test func eachCommandCountsOutcomes() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "OR"))
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let target = ["--base-url", sandbox.baseURL, "--state-dir", ".easel"]
                let token = ["CANVAS_TOKEN": sandbox.token]
                let first = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve"] + target, in: folder.url, environment: token)
                #expect(first.status == 0, "\(first)")
                #expect(first.stdout.contains("  courses: 3 created; 0 failed"), "\(first)")
                #expect(first.stdout.contains("Apply complete: 3 created; 0 failed"), "\(first)")

                // One name changed: one update, two left alone.
                let csv = try folder.read("courses.csv").replacingOccurrences(of: "Course 2 of OR", with: "Renamed")
                try folder.write("courses.csv", csv)
                let second = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve"] + target, in: folder.url, environment: token)
                #expect(second.status == 0, "\(second)")
                #expect(second.stdout.contains("Apply complete: 1 updated, 2 unchanged; 0 failed"), "\(second)")

                try folder.write("conclude.yaml", Self.conclude)
                let third = try await EaselProcess.run(
                    ["apply", "conclude.yaml", "--auto-approve"] + target, in: folder.url, environment: token)
                #expect(third.status == 0, "\(third)")
                #expect(third.stdout.contains("Apply complete: 1 concluded; 0 failed"), "\(third)")

                let runs = try await EaselProcess.run(["runs", "--state-dir", ".easel"], in: folder.url)
                #expect(runs.status == 0, "\(runs)")
                let lines = runs.stdout.split(separator: "\n").map(String.init)
                #expect(lines.first?.contains("NAME") == true, "\(runs)")
                #expect(lines.count == 4, "\(runs)")
                // Runs begun in the same second list in any order: each is found by what it did.
                #expect(
                    lines.contains { $0.contains("conclude-one") && $0.contains("1 concluded; 0 failed") }, "\(runs)")
                #expect(
                    lines.contains { $0.contains("cli-courses") && $0.contains("1 updated, 2 unchanged") }, "\(runs)")
                #expect(lines.contains { $0.contains("cli-courses") && $0.contains("3 created; 0 failed") }, "\(runs)")
                #expect(!runs.stdout.contains("confirmed"), "\(runs)")

                let runsJSON = try await EaselProcess.run(
                    ["runs", "--format", "json", "--state-dir", ".easel"], in: folder.url)
                let listed = try #require(try JSONValue(parsing: runsJSON.stdout).arrayValue)
                let update = try #require(listed.first { $0["outcomes"]?["updated"] == 1 }, "\(runsJSON)")
                #expect(update["job_name"] == "cli-courses")
                #expect(update["outcomes"]?["unchanged"] == 2)
                let updateRun = try #require(update["id"]?.stringValue)

                let show = try await EaselProcess.run(["show", updateRun, "--state-dir", ".easel"], in: folder.url)
                #expect(show.status == 0, "\(show)")
                #expect(show.stdout.contains("cli-courses (job.yaml)"), "\(show)")
                let itemRows = show.stdout.split(separator: "\n").filter { $0.hasPrefix("courses  sis_course_id") }
                #expect(itemRows.count == 3, "\(show)")
                #expect(
                    itemRows.contains { $0.contains("OR-2") && $0.contains("updated") && $0.contains("name") },
                    "\(show)")
                #expect(itemRows.filter { $0.contains("unchanged") }.count == 2, "\(show)")

                let results = try folder.read(".easel/runs/\(updateRun)/results.csv")
                let rows = results.split(separator: "\n").map {
                    $0.split(separator: ",", omittingEmptySubsequences: false)
                }
                #expect(
                    rows.first == [
                        "step", "item_key", "status", "outcome", "changed_fields", "canvas_id", "http_status", "error",
                    ])
                let renamed = try #require(rows.first { $0.count > 1 && $0[1].hasSuffix("OR-2") })
                #expect(renamed[3] == "updated" && renamed[4] == "name", "\(results)")
                #expect(rows.filter { $0.count > 3 && $0[3] == "unchanged" }.count == 2, "\(results)")
            }
        }

        /// A run that stopped early shows each step's items done out of planned, so a step cut short does not look
        /// finished.
        @Test func showOfAStoppedRunTellsDoneOutOfPlanned() async throws {
            let folder = try TemporaryFolder([
                "courses.csv": "sis_course_id\nST-1\nST-2\nST-3\n",
                "job.yaml": """
                easel: 1
                name: stops-early
                inputs: { courses: { csv: courses.csv } }
                defaults: { parallelism: 1, on_error: stop }
                steps:
                  - id: rename
                    for_each: ${{ inputs.courses }}
                    request: PUT /api/v1/courses/sis_course_id:${{ item.sis_course_id }}
                    body: { course: { name: Renamed } }

                """,
            ])
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let apply = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve", "--base-url", sandbox.baseURL, "--state-dir", ".easel"],
                    in: folder.url, environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(apply.status == 1, "\(apply)")
                #expect(apply.stdout.contains("Apply stopped: nothing done; 1 failed"), "\(apply)")
                let show = try await EaselProcess.run(["show", "latest", "--state-dir", ".easel"], in: folder.url)
                #expect(show.status == 0, "\(show)")
                #expect(show.stdout.contains("DONE/PLANNED"), "\(show)")
                let row = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("rename ") }, "\(show)")
                #expect(row.hasSuffix("1/3"), "\(row)")
            }
        }
    }
}
