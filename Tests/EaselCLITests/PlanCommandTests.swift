import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// `easel plan` on the built-in sandbox (its state kept in the state folder, so separate processes see one
    /// Canvas) and on a sandbox of the test's own.
    @Suite struct PlanCommandTests {
        static let stateDirectory = ["--state-dir", ".easel"]

        @Test func theJSONPlanIsParseableAndVersioned() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "PJ"))
            defer { folder.remove() }
            let result = try await EaselProcess.run(
                ["plan", "job.yaml", "--format", "json"] + Self.stateDirectory, in: folder.url)
            #expect(result.status == 0, "\(result)")
            let plan = try JSONValue(parsing: result.stdout)
            #expect(plan["format_version"]?.intValue == 1)
            #expect(result.stdout.hasPrefix("{\n  \"format_version\": "))
            #expect(plan["header"]?["job_path"] == "job.yaml")
            #expect(plan["header"]?["host"] == "built-in sandbox")
            #expect(plan["summary"]?["create"] == 3)
            #expect(plan["steps"]?[0]?["items"]?.arrayValue?.count == 3)
        }

        @Test func theSummaryLineEndsWithTheReadsThePlanMade() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "PR"))
            defer { folder.remove() }
            let json = try await EaselProcess.run(
                ["plan", "job.yaml", "--format", "json"] + Self.stateDirectory, in: folder.url)
            let reads = try #require(try JSONValue(parsing: json.stdout)["reads"])
            let requests = try #require(reads["requests"]?.intValue)
            #expect(requests >= 3, "\(reads)")
            #expect(reads["lookups"]?.intValue == 3)
            let text = try await EaselProcess.run(["plan", "job.yaml"] + Self.stateDirectory, in: folder.url)
            let last = text.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.hasSuffix("; 3 writes; \(requests) reads"), "\(text)")
        }

        @Test func planRepeatsTheLintWarningsOnStandardError() async throws {
            let job = """
                easel: 1
                name: lint-in-plan
                steps:
                  - id: accounts
                    get: /api/v1/accounts
                    query: { per_pag: 10 }

                """
            let folder = try TemporaryFolder(["job.yaml": job])
            defer { folder.remove() }
            let json = try await EaselProcess.run(
                ["plan", "job.yaml", "--format", "json"] + Self.stateDirectory, in: folder.url)
            #expect(json.status == 0, "\(json)")
            #expect(json.stderr.contains("job.yaml:6:14: warning: 'per_pag' is not a parameter"), "\(json.stderr)")
            #expect(json.stderr.contains("did you mean 'per_page'?"))
            #expect((try? JSONValue(parsing: json.stdout)) != nil, "the JSON plan stays JSON")
        }

        @Test func detailedExitcodeIs2WithChangesAnd0Without() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "PD"))
            defer { folder.remove() }
            let plan = ["plan", "job.yaml", "--detailed-exitcode"] + Self.stateDirectory
            let before = try await EaselProcess.run(plan, in: folder.url)
            #expect(before.status == 2, "\(before)")
            #expect(before.stdout.contains("Plan: 3 to create"), "\(before)")
            let withoutFlag = try await EaselProcess.run(["plan", "job.yaml"] + Self.stateDirectory, in: folder.url)
            #expect(withoutFlag.status == 0, "\(withoutFlag)")
            let apply = try await EaselProcess.run(
                ["apply", "job.yaml", "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(apply.status == 0, "\(apply)")
            let after = try await EaselProcess.run(plan, in: folder.url)
            #expect(after.status == 0, "\(after)")
            #expect(after.stdout.contains("3 unchanged"), "\(after)")
        }

        @Test func aPlanOverTheJobsLimitsExits1AndSaysWhy() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "PL", limits: "{ max_changes: 2 }"))
            defer { folder.remove() }
            let message = "the plan makes 3 changes; the job allows at most 2 (max_changes)"
            let plan = try await EaselProcess.run(["plan", "job.yaml"] + Self.stateDirectory, in: folder.url)
            #expect(plan.status == 1, "\(plan)")
            #expect(plan.stdout.contains("error: \(message)"), "\(plan)")
            let apply = try await EaselProcess.run(
                ["apply", "job.yaml", "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(apply.status == 1, "\(apply)")
            #expect(apply.stderr.contains("error: \(message)"), "\(apply)")
            // Nothing was applied: the next plan still has every change.
            let again = try await EaselProcess.run(
                ["plan", "job.yaml", "--format", "json"] + Self.stateDirectory, in: folder.url)
            #expect(try JSONValue(parsing: again.stdout)["summary"]?["create"] == 3)
        }

        @Test func theSavedPlanHoldsThePlanAndNoToken() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "PO"))
            defer { folder.remove() }
            let token = randomCanvasToken()
            var configuration = SandboxConfiguration()
            configuration.tokens = [token]
            try await withSandbox(configuration) { sandbox in
                let result = try await EaselProcess.run(
                    ["plan", "job.yaml", "--out", "saved-plan.json", "--base-url", sandbox.baseURL]
                        + Self.stateDirectory,
                    in: folder.url, environment: ["CANVAS_TOKEN": token])
                #expect(result.status == 0, "\(result)")
                // The hint carries the options that chose this Canvas and state, so it runs as printed.
                #expect(
                    result.stdout.contains(
                        "Saved the plan to saved-plan.json; apply it with: easel apply saved-plan.json "
                            + "--base-url \(sandbox.baseURL) --state-dir .easel"), "\(result)")
                let saved = try folder.read("saved-plan.json")
                let plan = try JSONValue(parsing: saved)
                #expect(plan["format_version"]?.intValue == 1)
                #expect(plan["summary"]?["create"] == 2)
                #expect(!saved.contains(token))
                #expect(!saved.contains(token.suffix(64)))
                #expect(saved.firstMatch(of: /[0-9]{1,5}~[A-Za-z0-9]{20,}/) == nil)
                #expect(!result.stdout.contains(token) && !result.stderr.contains(token))
            }
        }
    }
}
