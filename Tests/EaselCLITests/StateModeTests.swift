import Foundation
import Testing

extension CommandLineTests {
    /// The state folder and what Easel writes in it are the user's alone: folders 0700, files 0600; so is a saved
    /// plan.
    @Suite struct StateModeTests {
        static func mode(_ path: String) throws -> Int16 {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            return try #require((attributes[.posixPermissions] as? NSNumber)?.int16Value) & 0o777
        }

        @Test func stateFilesAre0600AndFolders0700() async throws {
            let folder = try TemporaryFolder(CLIJobs.coursesSectionsAndAFailure(prefix: "SM"))
            defer { folder.remove() }
            // A state folder left open by an earlier version is closed.
            try FileManager.default.createDirectory(
                at: folder.url.appendingPathComponent(".easel"), withIntermediateDirectories: true,
                attributes: [.posixPermissions: NSNumber(value: Int16(0o755))])
            #expect(try Self.mode(folder.path(".easel")) == 0o755)
            let plan = try await EaselProcess.run(["plan", "job.yaml", "--out", "plan.json"], in: folder.url)
            #expect(plan.status == 0, "\(plan)")
            let apply = try await EaselProcess.run(["apply", "job.yaml", "--auto-approve"], in: folder.url)
            #expect(apply.status == 1, "\(apply)")
            let resume = try await EaselProcess.run(["resume", "latest"], in: folder.url)
            #expect(resume.status == 1, "\(resume)")

            #expect(try Self.mode(folder.path("plan.json")) == 0o600)
            let files = folder.allFiles().filter { $0.hasPrefix(".easel/") }
            #expect(files.contains(".easel/journal.sqlite"), "\(files)")
            #expect(files.contains { $0.hasSuffix("/requests.jsonl") }, "\(files)")
            #expect(files.contains { $0.hasSuffix("/results.csv") }, "\(files)")
            for file in files { #expect(try Self.mode(folder.path(file)) == 0o600, "\(file)") }
            let folders = Set(files.map { ($0 as NSString).deletingLastPathComponent })
            #expect(folders.contains { $0.hasPrefix(".easel/runs/") }, "\(folders)")
            for path in folders.union([".easel", ".easel/runs"]) {
                #expect(try Self.mode(folder.path(path)) == 0o700, "\(path)")
            }
        }
    }
}
