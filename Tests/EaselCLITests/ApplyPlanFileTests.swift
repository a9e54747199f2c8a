import Canvas
import Foundation
import JSONValues
import Logging
import Sandbox
import Testing

extension CommandLineTests {
    /// `easel apply PLAN` applies a saved plan only where, and as, it was reviewed.
    @Suite struct ApplyPlanFileTests {
        static let stateDirectory = ["--state-dir", ".easel"]

        @Test func aPlanIsRefusedOnceItsJobChangedAndAppliedWhileItHasNot() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "AC"))
            defer { folder.remove() }
            let plan = try await EaselProcess.run(
                ["plan", "job.yaml", "--out", "plan.json"] + Self.stateDirectory, in: folder.url)
            #expect(plan.status == 0, "\(plan)")
            let original = try folder.read("courses.csv")
            try folder.write("courses.csv", original + "AC-3,Course 3 of AC\n")
            let refused = try await EaselProcess.run(
                ["apply", "plan.json", "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(refused.status == 1, "\(refused)")
            #expect(
                refused.stderr.contains(
                    "error: job.yaml or its input files changed since the plan was made; plan again"),
                "\(refused)")
            #expect(!FileManager.default.fileExists(atPath: folder.path(".easel/journal.sqlite")), "a run was begun")
            try folder.write("courses.csv", original)
            let applied = try await EaselProcess.run(
                ["apply", "plan.json", "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Applying the plan plan.json"), "\(applied)")
        }

        @Test func aPlanMadeForAnotherHostIsRefused() async throws {
            let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "AH"))
            defer { folder.remove() }
            // Planned against the built-in sandbox, applied against another Canvas.
            let plan = try await EaselProcess.run(
                ["plan", "job.yaml", "--out", "plan.json"] + Self.stateDirectory, in: folder.url)
            #expect(plan.status == 0, "\(plan)")
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            try await withSandbox(configuration) { sandbox in
                let host = try #require(URL(string: sandbox.baseURL).map { "\($0.host ?? ""):\($0.port ?? 0)" })
                let refused = try await EaselProcess.run(
                    ["apply", "plan.json", "--auto-approve", "--base-url", sandbox.baseURL] + Self.stateDirectory,
                    in: folder.url,
                    environment: ["CANVAS_TOKEN": sandbox.token])
                #expect(refused.status == 1, "\(refused)")
                #expect(
                    refused.stderr.contains("error: the plan was made for built-in sandbox, not \(host)"), "\(refused)")
                let configuration = CanvasClientConfiguration(
                    baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
                let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                let courses = try await withCanvasClient(configuration) { client in
                    try await client.getAll(.get("/api/v1/accounts/1/courses"), logger: logger)
                }
                #expect(
                    !(courses.arrayValue ?? []).contains { $0["sis_course_id"]?.stringValue?.hasPrefix("AH-") == true },
                    "the refused plan wrote to the other host")
            }
        }
    }
}
