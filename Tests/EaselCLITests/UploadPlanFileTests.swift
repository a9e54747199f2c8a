import Foundation
import Testing

extension CommandLineTests {
    /// A saved plan with an `upload:` step, applied as `easel apply PLAN`: the file uploaded is the one reviewed, a
    /// file that changed since is refused unless `--refresh`, and a second apply has nothing to do.
    @Suite struct UploadPlanFileTests {
        static let stateDirectory = ["--state-dir", ".easel"]

        /// The seeded template course's syllabus, in its `syllabus` folder.
        static let job = """
            easel: 1
            name: template-syllabus
            steps:
              - id: syllabus
                upload:
                  file: syllabus.txt
                  to: /api/v1/courses/sis_course_id:TEMPLATE/files
                  name: Syllabus.txt
                  parent_folder_path: syllabus

            """

        static func easel(_ arguments: [String], in folder: TemporaryFolder) async throws -> EaselResult {
            try await EaselProcess.run(arguments + Self.stateDirectory, in: folder.url)
        }

        @Test func theReviewedFileIsUploadedAndAChangedOneIsRefusedUnlessRefreshed() async throws {
            let folder = try TemporaryFolder(["job.yaml": Self.job, "syllabus.txt": "Week 1\n"])
            defer { folder.remove() }
            let plan = try await Self.easel(["plan", "job.yaml", "--out", "plan.json"], in: folder)
            #expect(plan.status == 0, "\(plan)")
            #expect(plan.stdout.contains("+ file syllabus"), "\(plan)")
            #expect(plan.stdout.contains("folder: \"course files/syllabus\" (a new folder"), "\(plan)")

            let applied = try await Self.easel(["apply", "plan.json"], in: folder)
            #expect(applied.status == 0, "\(applied)")
            #expect(applied.stdout.contains("Apply complete: 1 created; 0 failed"), "\(applied)")
            let again = try await Self.easel(["apply", "job.yaml", "--auto-approve"], in: folder)
            #expect(again.status == 0, "\(again)")
            #expect(again.stdout.contains("Apply complete: 1 unchanged; 0 failed"), "\(again)")

            // A new version of the file is planned, and changes again before the plan is applied.
            try folder.write("syllabus.txt", "Week 1 and 2\n")
            let update = try await Self.easel(["plan", "job.yaml", "--out", "update.json"], in: folder)
            #expect(update.status == 0, "\(update)")
            #expect(update.stdout.contains("size: 7 → 13"), "\(update)")
            try folder.write("syllabus.txt", "Weeks 1, 2 and 3\n")
            let refused = try await Self.easel(["apply", "update.json"], in: folder)
            #expect(refused.status != 0, "\(refused)")
            #expect(
                refused.stdout.contains("Refused 1 item(s) whose live object changed since the plan:\n  syllabus"),
                "\(refused)")
            let stale = try await Self.easel(["plan", "job.yaml"], in: folder)
            #expect(stale.stdout.contains("size: 7 → 17"), "the refused item uploaded nothing: \(stale)")

            let refreshed = try await Self.easel(["apply", "update.json", "--refresh", "--auto-approve"], in: folder)
            #expect(refreshed.status == 0, "\(refreshed)")
            #expect(refreshed.stdout.contains("Apply complete: 1 updated; 0 failed"), "\(refreshed)")
            let last = try await Self.easel(["apply", "job.yaml", "--auto-approve"], in: folder)
            #expect(last.status == 0, "\(last)")
            #expect(last.stdout.contains("Apply complete: 1 unchanged; 0 failed"), "\(last)")
        }
    }
}
