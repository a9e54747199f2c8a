import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import PlanModel
import RunContext
import Testing

/// `upload:` steps look their file up in the folder it goes to, over loopback to the sandbox: a file of the same
/// name elsewhere is not taken for it, a missing folder means a new file (and apply makes the folder), and the
/// folder is read once per plan however many items upload into it.
@Suite struct UploadFolderTests {
    /// One course's upload of `file` (a file of the test's folder) into `folder`, under `name`.
    static func job(
        course: Int, file: String = "syllabus.txt", folder: String? = "syllabus", name: String? = "Syllabus.txt",
        to: String? = nil
    ) -> String {
        """
        easel: 1
        name: syllabus
        steps:
          - id: syllabus
            upload:
              file: \(file)
              to: \(to ?? "/api/v1/courses/\(course)/files")
        """ + (name.map { "\n      name: \($0)" } ?? "") + (folder.map { "\n      parent_folder_path: \($0)" } ?? "")
    }

    /// A file put into a course's folder as a test's setup, not by a job.
    @discardableResult
    static func put(
        _ text: String, named name: String, in folder: String, course: Int, harness: ApplyHarness
    ) async throws -> JSONValue {
        try await harness.client.upload(
            CanvasUploadFile(name: name, contentType: "text/plain", data: Array(text.utf8)),
            to: "/api/v1/courses/\(course)/files", parameters: ["parent_folder_path": .string(folder)],
            logger: ApplyHarness.logger)
    }

    /// The folders from the course's root down to `path`, or nil when Canvas answers 404.
    static func folders(_ path: String, course: Int, harness: ApplyHarness) async throws -> [JSONValue]? {
        do {
            return try await harness.get("/api/v1/courses/\(course)/folders/by_path/\(path)").arrayValue
        } catch let error as CanvasError {
            if case .notFound = error.kind { return nil }
            throw error
        }
    }

    /// How many requests the sandbox has answered on `route` (`GET /api/v1/folders/:folder_id/files`).
    static func requests(_ route: String, harness: ApplyHarness) async throws -> Int {
        try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"]?[route]?.intValue ?? 0
    }

    static let byPathRoute = "GET /api/v1/courses/:course_id/folders/by_path/*full_path"
    static let folderFilesRoute = "GET /api/v1/folders/:folder_id/files"

    static func onlyAction(_ plan: Plan) throws -> PlannedItem {
        try #require(plan.steps.first?.items.count == 1 ? plan.steps.first?.items.first : nil)
    }

    @Test func aFileAnExpressionNamesOutsideTheJobsFolderIsRefusedWhenPlanned() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Outside", in: harness)
            let job = Self.job(course: course, file: "${{ vars.file }}")
                .replacingOccurrences(of: "name: syllabus\n", with: "name: syllabus\nvars: { file: ../secret.txt }\n")
            let graph = try harness.job(job, files: ["syllabus.txt": "Week 1\n"])
            let error = await #expect(throws: PlanningError.self) { try await harness.plan(graph) }
            #expect(
                error?.description.contains(
                    "cannot upload '../secret.txt': a job uploads only files in its own folder (or below it)") == true,
                "\(String(describing: error))")
        }
    }

    @Test func aFileOfTheSameNameInAnotherFolderIsNotTakenForIt() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Same name elsewhere", in: harness)
            try await Self.put("Week 1\n", named: "Syllabus.txt", in: "archive", course: course, harness: harness)
            try await Self.put("Week 1\n", named: "Syllabus.txt", in: "/", course: course, harness: harness)
            let graph = try harness.job(Self.job(course: course), files: ["syllabus.txt": "Week 1\n"])
            let filesReadBefore = try await Self.requests(Self.folderFilesRoute, harness: harness)

            let item = try Self.onlyAction(try await harness.plan(graph))
            guard case .create(_, let fields) = item.action else {
                Issue.record("planned \(item.action)")
                return
            }
            #expect(fields["folder"] == "course files/syllabus")
            #expect(item.notes["folder"] == "a new folder, which Canvas creates with the file")
            #expect(
                try await Self.requests(Self.folderFilesRoute, harness: harness) == filesReadBefore,
                "a missing folder has no files to read")

            #expect(try await harness.apply(graph).status == .succeeded)
            let archived = try #require(try await Self.folders("archive", course: course, harness: harness)?.last)
            let archive = try await harness.get("/api/v1/folders/\(archived["id"]?.interpolated ?? "")/files")
            #expect(archive.arrayValue?.count == 1, "the file in the other folder is left alone")
            let root = try await harness.get("/api/v1/courses/\(course)/folders/by_path")
            let rootFiles = try await harness.get("/api/v1/folders/\(root[0]?["id"]?.interpolated ?? "")/files")
            #expect(rootFiles.arrayValue?.count == 1, "the file in the root is left alone")
        }
    }

    @Test func inItsFolderAnotherSizePlansUpdateAndTheSameSizePlansUnchanged() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Sizes", in: harness)
            let existing = try await Self.put(
                "short\n", named: "Syllabus.txt", in: "syllabus", course: course, harness: harness)
            // A bigger file of the name in the root is not the one compared.
            try await Self.put("a much longer file\n", named: "Syllabus.txt", in: "/", course: course, harness: harness)

            let longer = try harness.job(Self.job(course: course), files: ["syllabus.txt": "longer text\n"])
            guard case .update(_, let id, let changes) = try Self.onlyAction(try await harness.plan(longer)).action
            else {
                Issue.record("a longer file did not plan an update")
                return
            }
            #expect(id == existing["id"])
            #expect(changes == [PlannedChange(field: "size", before: 6, after: 12)])

            // Canvas's File JSON carries no checksum: other bytes of the same size compare equal.
            let sameSize = try harness.job(Self.job(course: course), files: ["syllabus.txt": "SHORT\n"])
            guard case .unchanged(_, let unchangedID) = try Self.onlyAction(try await harness.plan(sameSize)).action
            else {
                Issue.record("a file of the same size did not plan unchanged")
                return
            }
            #expect(unchangedID == existing["id"])
        }
    }

    @Test func aMissingFolderPlansCreateAndApplyMakesTheFolderAndTheFile() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Missing folder", in: harness)
            let graph = try harness.job(
                Self.job(course: course, folder: "\"course files/handouts/week 1\""),
                files: ["syllabus.txt": "Handout\n"])
            #expect(try await Self.folders("handouts", course: course, harness: harness) == nil)
            let item = try Self.onlyAction(try await harness.plan(graph))
            guard case .create(_, let fields) = item.action else {
                Issue.record("planned \(item.action)")
                return
            }
            #expect(fields["folder"] == "course files/handouts/week 1")

            #expect(try await harness.apply(graph).status == .succeeded)
            let chain = try #require(try await Self.folders("handouts/week%201", course: course, harness: harness))
            #expect(
                chain.map { $0["full_name"] } == [
                    "course files", "course files/handouts", "course files/handouts/week 1",
                ])
            let files = try await harness.get("/api/v1/folders/\(chain.last?["id"]?.interpolated ?? "")/files")
            #expect(files.arrayValue?.map { $0["display_name"] } == ["Syllabus.txt"])
            #expect(files[0]?["folder_id"] == chain.last?["id"])

            let again = try await harness.plan(graph)
            guard case .unchanged = try Self.onlyAction(again).action else {
                Issue.record("planned again \(String(describing: again.steps.first?.items.first?.action))")
                return
            }
            #expect(!again.summary.hasChanges)
        }
    }

    @Test func lostAnswersIntoAMissingFolderThenResumeUploadOnceIntoIt() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Lost into a new folder", in: harness)
            let graph = try harness.job(
                Self.job(course: course, folder: "handouts"), files: ["syllabus.txt": "Lost answers\n"])
            let run = try await harness.beginRun(graph)
            // Every write's answer is lost: the preflight runs in Canvas (making the folder), and the client
            // cannot tell.
            try await harness.setFaults("lost=1")
            #expect(try await harness.execute(graph, run: run).status != .succeeded)
            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")

            let folder = try #require(try await Self.folders("handouts", course: course, harness: harness)?.last)
            let files = try await harness.get("/api/v1/folders/\(folder["id"]?.interpolated ?? "")/files")
            #expect(files.arrayValue?.map { $0["size"] } == [13])
            let record = try #require(try await harness.journal.items(run: run, step: "syllabus").first)
            #expect(record.canvasID == files[0]?["id"]?.interpolated)
            #expect(!(try await harness.plan(graph).summary.hasChanges))
        }
    }

    @Test func aReviewedPlanUploadingIntoACourseTheRunCreatesIsAppliedAsPlanned() async throws {
        for folder in ["syllabus", nil] {
            try await ApplyHarness.run { harness in
                let graph = try harness.job(
                    """
                    easel: 1
                    name: new-course-syllabus
                    steps:
                      - id: course
                        ensure: course
                        in: self
                        key: { sis_course_id: NEW-101 }
                        set: { name: New course }
                      - id: syllabus
                        upload:
                          file: syllabus.txt
                          to: /api/v1/courses/${{ steps.course.output.id }}/files
                    """ + (folder.map { "\n      parent_folder_path: \($0)" } ?? ""),
                    files: ["syllabus.txt": "New\n"])
                let plan = try await harness.plan(graph)
                let item = try #require(plan.steps.last?.items.first)
                guard case .create(_, let fields) = item.action else {
                    Issue.record("planned \(item.action)")
                    return
                }
                #expect(fields["folder"] == .string(folder.map { "course files/\($0)" } ?? "course files"), "\(fields)")

                let outcome = try await harness.apply(graph) { $0.reviewedPlan = plan }
                #expect(outcome.status == .succeeded, "\(outcome.problems)")
                #expect(!(try await harness.plan(graph).summary.hasChanges))
            }
        }
    }

    @Test func nameIsTheFilesNameInCanvas() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Renamed", in: harness)
            let graph = try harness.job(
                Self.job(course: course, file: "files/local-name.txt", folder: nil, name: "\"Course Syllabus.txt\""),
                files: ["files/local-name.txt": "Renamed\n"])
            guard case .create(_, let fields) = try Self.onlyAction(try await harness.plan(graph)).action else {
                Issue.record("a new file did not plan a create")
                return
            }
            #expect(fields["name"] == "Course Syllabus.txt")
            #expect(fields["folder"] == "course files")

            #expect(try await harness.apply(graph).status == .succeeded)
            let names = try await harness.get("/api/v1/courses/\(course)/files").arrayValue?.map { $0["display_name"] }
            #expect(names == ["Course Syllabus.txt"])
            let root = try await harness.get("/api/v1/courses/\(course)/folders/by_path")
            #expect(root.arrayValue?.count == 1, "no parent_folder_path: the file goes in the root folder")
            let rootFiles = try await harness.get("/api/v1/folders/\(root[0]?["id"]?.interpolated ?? "")/files")
            #expect(rootFiles.arrayValue?.map { $0["display_name"] } == ["Course Syllabus.txt"])
            #expect(!(try await harness.plan(graph).summary.hasChanges))
        }
    }

    @Test func aFolderEndpointLooksInThatFolder() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("Folder endpoint", in: harness)
            try await Self.put("Notes\n", named: "Syllabus.txt", in: "/", course: course, harness: harness)
            try await Self.put("Other\n", named: "Other.txt", in: "materials", course: course, harness: harness)
            let materials = try #require(try await Self.folders("materials", course: course, harness: harness)?.last)
            let folderID = try #require(materials["id"]?.intValue)
            let graph = try harness.job(
                Self.job(course: course, folder: nil, to: "/api/v1/folders/\(folderID)/files"),
                files: ["syllabus.txt": "Notes\n"])
            let byPathBefore = try await Self.requests(Self.byPathRoute, harness: harness)

            guard case .create(_, let fields) = try Self.onlyAction(try await harness.plan(graph)).action else {
                Issue.record("the file in the root was taken for the folder's")
                return
            }
            #expect(fields["folder_id"] == .string(String(folderID)))
            #expect(try await Self.requests(Self.byPathRoute, harness: harness) == byPathBefore)

            #expect(try await harness.apply(graph).status == .succeeded)
            let files = try await harness.get("/api/v1/folders/\(folderID)/files").arrayValue ?? []
            #expect(files.map { $0["display_name"] } == ["Other.txt", "Syllabus.txt"])
            #expect(!(try await harness.plan(graph).summary.hasChanges))
        }
    }

    @Test func theFolderIsReadOncePerPlanForAllItsItems() async throws {
        try await ApplyHarness.run { harness in
            let course = try await UploadStepTests.course("One folder read", in: harness)
            try await Self.put("A\n", named: "a.txt", in: "handouts", course: course, harness: harness)
            let names = ["a.txt", "b.txt", "c.txt", "d.txt"]
            let graph = try harness.job(
                """
                easel: 1
                name: handouts
                steps:
                  - id: handouts
                    for_each: \(names)
                    upload:
                      file: ${{ item }}
                      to: /api/v1/courses/\(course)/files
                      parent_folder_path: handouts
                """, files: Dictionary(uniqueKeysWithValues: names.map { ($0, "\($0.prefix(1).uppercased())\n") }))
            let byPathBefore = try await Self.requests(Self.byPathRoute, harness: harness)
            let filesBefore = try await Self.requests(Self.folderFilesRoute, harness: harness)

            let plan = try await harness.plan(graph)
            #expect(plan.summary.creates == 3)
            #expect(try await Self.requests(Self.byPathRoute, harness: harness) == byPathBefore + 1)
            #expect(try await Self.requests(Self.folderFilesRoute, harness: harness) == filesBefore + names.count)

            #expect(try await harness.apply(graph).status == .succeeded)
            #expect(!(try await harness.plan(graph).summary.hasChanges))
        }
    }

    @Test func theRenderedPlanOfAnUploadStep() async throws {
        try await ApplyHarness.run { harness in
            let first = try await UploadStepTests.course("Golden new", in: harness)
            let second = try await UploadStepTests.course("Golden changed", in: harness)
            let third = try await UploadStepTests.course("Golden same", in: harness)
            try await Self.put("old\n", named: "Syllabus.txt", in: "syllabus", course: second, harness: harness)
            try await Self.put("Fall 2026\n", named: "Syllabus.txt", in: "syllabus", course: third, harness: harness)
            let courses: [JSONValue] = [
                ["name": "new", "id": .int(first)], ["name": "changed", "id": .int(second)],
                ["name": "same", "id": .int(third)],
            ]
            let graph = try harness.job(
                """
                easel: 1
                name: syllabus
                steps:
                  - id: syllabus
                    for_each: ${{ vars.courses }}
                    item_key: ${{ item.name }}
                    upload:
                      file: syllabus.txt
                      to: /api/v1/courses/${{ item.id }}/files
                      name: Syllabus.txt
                      parent_folder_path: syllabus
                vars:
                  courses: \(JSONValue.array(courses).serialized())
                """, files: ["syllabus.txt": "Fall 2026\n"])
            RealisticJobsTests.compare(try await harness.plan(graph), golden: "upload.txt")
        }
    }
}
