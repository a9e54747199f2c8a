import Foundation
import JSONValues
import Testing

extension CommandLineTests {
    /// `easel undo RUN_ID` through the binary: the plan printed like `easel plan`'s, saved with --out and applied
    /// with `easel apply PLAN`, after which the run's job plans its changes again.
    @Suite struct UndoCommandTests {
        static let stateDirectory = ["--state-dir", ".easel"]
        static let jobsFolder = EaselProcess.repositoryRoot.appendingPathComponent("jobs")

        /// The example enrollment job and its data, copied into a folder of its own.
        static func enrollmentJob() throws -> TemporaryFolder {
            var files: [String: String] = [:]
            for name in [
                "enrollments-from-sis.yaml", "data/spring-2026-people.csv", "data/spring-2026-enrollments.csv",
            ] {
                files[name] = try String(contentsOf: jobsFolder.appendingPathComponent(name), encoding: .utf8)
            }
            return try TemporaryFolder(files)
        }

        @Test func undoPlansSavesAndAppliesTheRunsUndo() async throws {
            let folder = try Self.enrollmentJob()
            defer { folder.remove() }
            let job = "enrollments-from-sis.yaml"
            let applied = try await EaselProcess.run(
                ["apply", job, "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(applied.status == 0, "\(applied)")
            let runID = try #require(
                applied.stdout.split(separator: "\n").first { $0.hasPrefix("Run ") }?.split(separator: " ")[1])

            let undo = try await EaselProcess.run(
                ["undo", String(runID), "--delete-created", "--out", "undo.json"] + Self.stateDirectory,
                in: folder.url)
            #expect(undo.status == 0, "\(undo)")
            #expect(undo.stdout.contains("Plan for undo-\(runID) (.easel/runs/\(runID)/undo/undo.yaml)"), "\(undo)")
            #expect(undo.stdout.contains("step departed_reenroll: POST /api/v1/sections/"), "\(undo)")
            #expect(undo.stdout.contains("step users_delete_created: DELETE /api/v1/accounts/self/users/"), "\(undo)")
            #expect(undo.stdout.contains("Plan: 0 to create, 0 to update, 0 to delete, 0 unchanged, 17 requests"))
            #expect(
                undo.stdout.contains(
                    "Saved the plan to undo.json; apply it with: easel apply undo.json --state-dir .easel"),
                "\(undo)")

            let undone = try await EaselProcess.run(
                ["apply", "undo.json", "--auto-approve"] + Self.stateDirectory, in: folder.url)
            #expect(undone.status == 0, "\(undone)")
            #expect(undone.stdout.contains("departed_reenroll: 2 sent"), "\(undone)")

            // Canvas is as before the run: the job plans the same changes again.
            let again = try await EaselProcess.run(["plan", job] + Self.stateDirectory, in: folder.url)
            #expect(again.stdout.contains("Plan: 15 to create, 0 to update, 2 to delete"), "\(again)")

            let json = try await EaselProcess.run(
                ["undo", String(runID), "--format", "json"] + Self.stateDirectory, in: folder.url)
            #expect(json.status == 0, "\(json)")
            let parsed = try JSONValue(parsing: json.stdout)
            #expect(parsed["format_version"] != nil)
            #expect(parsed["undo"]?["requests"] == 0)
            #expect(parsed["undo"]?["already_undone"]?.arrayValue?.count == 2)
            #expect(parsed["undo"]?["left_in_place"]?.arrayValue?.count == 15)
        }
    }
}
