import Foundation
import Testing

extension CommandLineTests {
    /// A saved plan with an `upload:` step, applied as `easel apply PLAN`: the file uploaded is the one reviewed; a
    /// file that changed since, even to the same size, makes it another job, refused until planned again; a second
    /// apply has nothing to do.
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

        @Test func theReviewedFileIsUploadedAndAChangedOneMakesAnotherJob() async throws {
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
            #expect(refused.stderr.contains("changed since the plan was made; plan again"), "\(refused)")
            let stale = try await Self.easel(["plan", "job.yaml"], in: folder)
            #expect(stale.stdout.contains("size: 7 → 17"), "the refused plan uploaded nothing: \(stale)")
            let refreshed = try await Self.easel(["apply", "update.json", "--refresh", "--auto-approve"], in: folder)
            #expect(refreshed.status != 0, "--refresh applies the reviewed job as it is now, not another job")

            // The same size is not the same file: the reviewed plan is refused all the same.
            let replan = try await Self.easel(["plan", "job.yaml", "--out", "replan.json"], in: folder)
            #expect(replan.status == 0, "\(replan)")
            try folder.write("syllabus.txt", "Weeks 4, 5 and 6\n")
            let sameSize = try await Self.easel(["apply", "replan.json"], in: folder)
            #expect(sameSize.status != 0, "\(sameSize)")
            #expect(sameSize.stderr.contains("changed since the plan was made; plan again"), "\(sameSize)")

            let reviewed = try await Self.easel(["plan", "job.yaml", "--out", "reviewed.json"], in: folder)
            #expect(reviewed.stdout.contains("size: 7 → 17"), "\(reviewed)")
            let applied2 = try await Self.easel(["apply", "reviewed.json"], in: folder)
            #expect(applied2.status == 0, "\(applied2)")
            #expect(applied2.stdout.contains("Apply complete: 1 updated; 0 failed"), "\(applied2)")
            let last = try await Self.easel(["apply", "job.yaml", "--auto-approve"], in: folder)
            #expect(last.status == 0, "\(last)")
            #expect(last.stdout.contains("Apply complete: 1 unchanged; 0 failed"), "\(last)")
        }

        @Test func aResumeRefusesAFileToUploadThatChangedSinceTheRunBegan() async throws {
            // A course that does not exist: the upload fails at apply and the run stops, resumable.
            let job = Self.job.replacingOccurrences(of: "sis_course_id:TEMPLATE", with: "sis_course_id:NO-SUCH")
            let folder = try TemporaryFolder(["job.yaml": job, "syllabus.txt": "Week 1\n"])
            defer { folder.remove() }
            let failed = try await Self.easel(["apply", "job.yaml", "--auto-approve"], in: folder)
            #expect(failed.status == 1, "\(failed)")
            try folder.write("syllabus.txt", "Week 9\n")
            let refused = try await Self.easel(["resume", "latest"], in: folder)
            #expect(refused.status != 0, "\(refused)")
            let text = refused.stdout + refused.stderr
            #expect(text.contains("the file to upload 'syllabus.txt' changed"), "\(refused)")
            #expect(text.contains("--allow-changed-job"), "\(refused)")
        }
    }
}
