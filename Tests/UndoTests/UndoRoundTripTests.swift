import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Testing
import Undo

/// A run undone (`easel undo`, then the undo plan applied) leaves Canvas as it was before the run, object by
/// object: updated fields back, concluded and deactivated enrollments back, deleted courses undeleted, created
/// objects deleted with `--delete-created`.
@Suite struct UndoRoundTripTests {
    static let jobsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("jobs")

    static var exampleJobs: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder.path))?
            .filter { $0.hasSuffix(".yaml") }.sorted() ?? []
    }

    @Test(arguments: exampleJobs)
    func anExampleJobUndoneLeavesCanvasAsBefore(_ name: String) async throws {
        let path = Self.jobsFolder.appendingPathComponent(name).path
        let graph = try StepGraph.load(path: path)
        try await ApplyHarness.run { harness in
            let before = try await CanvasSnapshot.read(harness)
            let (run, outcome) = try await harness.apply(graph, jobPath: path)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let undone = try await harness.undo(run, of: graph, options: UndoOptions(deleteCreated: true))
            #expect(undone.outcome.status == .succeeded, "\(undone.outcome.problems)")
            #expect(undone.work.conflicts.isEmpty, "\(undone.work.conflicts)")
            // Only the course copies are left alone: their content goes with the courses the run created.
            #expect(
                undone.work.notUndoable.allSatisfy { $0.stepID == "copy" && $0.reason.contains("declares no undo:") },
                "\(undone.work.notUndoable)")
            let after = try await CanvasSnapshot.read(harness)
            #expect(after.differences(from: before) == [], "\(before)")
        }
    }

    @Test func fanOutsOverHundredsOfRowsUndoneLeaveCanvasAsBefore() async throws {
        try await ApplyHarness.run { harness in
            let before = try await CanvasSnapshot.read(harness)
            let files = try await BulkJob.files(from: harness)
            #expect(files.rows >= 400, "\(files.rows) rows")
            let graph = try harness.job(BulkJob.text, files: files.contents)
            let (run, outcome) = try await harness.apply(graph, jobPath: "bulk.yaml")
            #expect(outcome.status == .succeeded, "\(outcome.problems.prefix(3))")
            let changed = try await CanvasSnapshot.read(harness)
            #expect(changed.differences(from: before).count >= 400, "the run changed too little to test undo")

            let undone = try await harness.undo(run, of: graph, options: UndoOptions(deleteCreated: true))
            #expect(undone.outcome.status == .succeeded, "\(undone.outcome.problems.prefix(3))")
            #expect(undone.work.conflicts.isEmpty && undone.work.notUndoable.isEmpty, "\(undone.work.notUndoable)")
            let operations = Dictionary(grouping: undone.work.requests, by: \.operation).mapValues(\.count)
            #expect(operations["restore"] == files.renames)
            #expect(operations["reenroll"] == files.concluded)
            #expect(operations["reactivate"] == files.deactivated)
            #expect(operations["undelete"] == files.dropped)
            #expect(operations["delete_created"] == files.created)
            let after = try await CanvasSnapshot.read(harness)
            #expect(after.differences(from: before) == [], "\(before)")

            // Undone once, the run has nothing left to take back.
            let again = try await harness.undoWork(run, of: graph, options: UndoOptions(deleteCreated: true))
            #expect(again.requests.isEmpty, "\(again.requests.prefix(3))")
        }
    }

    @Test func createdObjectsAreLeftInPlaceWithoutDeleteCreated() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: new-courses
                inputs:
                  courses: { csv: new.csv }
                steps:
                  - id: courses
                    for_each: ${{ inputs.courses }}
                    ensure: course
                    key: { sis_course_id: "${{ item.sis }}" }
                    set: { name: "${{ item.name }}" }
                """, files: ["new.csv": "sis,name\nNEW-1,New one\nNEW-2,New two\n"])
            let (run, _) = try await harness.apply(graph, jobPath: "new.yaml")
            let work = try await harness.undoWork(run, of: graph)
            #expect(work.requests.isEmpty)
            #expect(work.leftInPlace.map(\.itemKey).sorted() == ["sis_course_id=NEW-1", "sis_course_id=NEW-2"])
            #expect(work.leftInPlace.allSatisfy { $0.reason.hasPrefix("created by the run, left in place") })
        }
    }
}
