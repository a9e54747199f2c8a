import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// After an apply: `easel runs`, `easel show RUN_ID` and the run's results file.
    @Suite struct RunsAndShowTests {
        /// Applies the job with courses, sections and one failing write against a sandbox, then runs `body`.
        private func afterAnApply(
            _ body: (TemporaryFolder, String, [String]) async throws -> Void
        ) async throws {
            let folder = try TemporaryFolder(CLIJobs.coursesSectionsAndAFailure(prefix: "RS"))
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let target = ["--base-url", sandbox.baseURL, "--state-dir", ".easel"]
                let apply = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve", "--format", "json"] + target, in: folder.url,
                    environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(apply.status == 1, "\(apply)")
                let summary = try JSONValue(parsing: apply.stdout)
                #expect(summary["status"] == "failed")
                let runID = try #require(summary["run_id"]?.stringValue)
                try await body(folder, runID, ["--state-dir", ".easel"])
            }
        }

        @Test func runsListsTheRunInTextAndJSON() async throws {
            try await afterAnApply { folder, runID, state in
                let text = try await EaselProcess.run(["runs"] + state, in: folder.url)
                #expect(text.status == 0, "\(text)")
                let lines = text.stdout.split(separator: "\n")
                #expect(lines.first?.hasPrefix("RUN ") == true, "\(text)")
                let row = try #require(lines.first { $0.hasPrefix(runID) }, "\(text)")
                #expect(row.contains("job.yaml") && row.contains("failed"), "\(row)")

                let json = try await EaselProcess.run(["runs", "--format", "json"] + state, in: folder.url)
                #expect(json.status == 0, "\(json)")
                let runs = try #require(try JSONValue(parsing: json.stdout).arrayValue)
                #expect(runs.count == 1)
                #expect(runs.first?["id"]?.stringValue == runID)
                #expect(runs.first?["status"] == "failed")
                #expect(runs.first?["job"] == "job.yaml")
                #expect(runs.first?["counts"]?["confirmed"] == 6)
                #expect(runs.first?["counts"]?["failed"] == 1)
            }
        }

        @Test func runsShowsTheUserAndHostOfALocalRun() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 1, prefix: "ORIGIN"))
            defer { folder.remove() }
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let user = "admin-\(UInt32.random(in: 1000...9999))"
                let apply = try await EaselProcess.run(
                    ["apply", "job.yaml", "--auto-approve", "--base-url", sandbox.baseURL, "--state-dir", ".easel"],
                    in: folder.url, environment: ["CANVAS_TOKEN": sandbox.token, "USER": user])
                #expect(apply.status == 0, "\(apply)")
                let host = ProcessInfo.processInfo.hostName
                let text = try await EaselProcess.run(["runs", "--state-dir", ".easel"], in: folder.url)
                let row = try #require(text.stdout.split(separator: "\n").dropFirst().first, "\(text)")
                let columns = row.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                #expect(columns.dropFirst().prefix(2) == [user, host], "\(text)")
                let json = try await EaselProcess.run(
                    ["runs", "--format", "json", "--state-dir", ".easel"], in: folder.url)
                let runs = try #require(try JSONValue(parsing: json.stdout).arrayValue)
                #expect(runs.first?["user"]?.stringValue == user, "\(json)")
                #expect(runs.first?["host"]?.stringValue == host, "\(json)")
            }
        }

        @Test func showDescribesTheRunAndItsFailureInTextAndJSON() async throws {
            try await afterAnApply { folder, runID, state in
                let text = try await EaselProcess.run(["show", runID] + state, in: folder.url)
                #expect(text.status == 0, "\(text)")
                #expect(text.stdout.contains(runID))
                #expect(text.stdout.contains("failed"))
                #expect(text.stdout.contains("Items that failed or are in doubt (1):"), "\(text)")
                #expect(text.stdout.contains("rename_missing"), "\(text)")
                #expect(text.stdout.contains("404"), "\(text)")
                // With the options that reached the run's Canvas and state, so that it runs as printed.
                #expect(
                    text.stdout.contains("Resume with: easel resume \(runID) --base-url http://127.0.0.1:"), "\(text)")
                #expect(text.stdout.contains(" --state-dir .easel\n") || text.stdout.hasSuffix(" --state-dir .easel"))
                #expect(text.stdout.contains("RESUME"), "\(text)")
                // Without those options, resume would reach another Canvas: refused as a usage mistake.
                let elsewhere = try await EaselProcess.run(
                    ["resume", runID] + state, in: folder.url, environment: ["CANVAS_TOKEN": randomCanvasToken()])
                #expect(elsewhere.status == 64, "\(elsewhere)")
                #expect(elsewhere.stderr.contains("was applied to 127.0.0.1:"), "\(elsewhere)")

                let json = try await EaselProcess.run(["show", "latest", "--format", "json"] + state, in: folder.url)
                #expect(json.status == 0, "\(json)")
                let shown = try JSONValue(parsing: json.stdout)
                #expect(shown["run"]?["id"]?.stringValue == runID)
                let steps = shown["steps"]?.arrayValue?.compactMap { $0["step"]?.stringValue } ?? []
                #expect(Set(steps) == ["courses", "sections", "rename_missing"])
                let problems = try #require(shown["problems"]?.arrayValue)
                #expect(problems.count == 1)
                #expect(problems.first?["step"] == "rename_missing")
                #expect(problems.first?["state"] == "failed")
                #expect(problems.first?["http_status"] == 404)
                // A raw write that failed after it was sent: checked first when it can be, then sent again.
                #expect(problems.first?["resume"] == "verify_or_send")

                let missing = try await EaselProcess.run(["show", "20200101-000000-abcd"] + state, in: folder.url)
                #expect(missing.status == 1)
                #expect(missing.stderr.contains("no run '20200101-000000-abcd'"), "\(missing)")
            }
        }

        @Test func theResultsFileHasARowPerItem() async throws {
            try await afterAnApply { folder, runID, _ in
                let csv = try folder.read(".easel/runs/\(runID)/results.csv")
                let lines = csv.split(separator: "\n").map(String.init)
                #expect(lines.first == "step,item_key,status,outcome,changed_fields,canvas_id,http_status,error")
                let rows = lines.dropFirst().map {
                    $0.split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false)
                        .enumerated().filter { ![3, 4].contains($0.offset) }.map(\.element)
                }
                #expect(rows.count == 7, "\(csv)")
                #expect(rows.filter { $0.first == "courses" }.count == 3)
                #expect(rows.filter { $0.first == "sections" }.count == 3)
                let failure = try #require(rows.first { $0.first == "rename_missing" })
                #expect(failure.count == 6)
                #expect(failure[2] == "failed")
                #expect(failure[4] == "404")
                #expect(!failure[5].isEmpty)
                for row in rows where row.first != "rename_missing" {
                    #expect(row[2] == "confirmed", "\(row)")
                    #expect(Int(row[3]) != nil, "a created object's Canvas id: \(row)")
                }
            }
        }
    }
}
