import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import PlanModel
import RunContext
import Sandbox
import Testing

/// `upload:` steps over loopback to the sandbox: planned by name and size, uploaded in Canvas's three steps, and
/// never uploaded twice.
@Suite struct UploadStepTests {
    static let job = """
        easel: 1
        name: syllabus
        steps:
          - id: syllabus
            for_each: ${{ vars.courses }}
            upload:
              file: syllabus.txt
              to: /api/v1/courses/${{ item }}/files
              name: Syllabus.txt
        vars:
          courses: []
        """

    /// A course made for the test, by its Canvas id.
    static func course(_ name: String, in harness: ApplyHarness) async throws -> Int {
        let created = try await harness.client.json(
            CanvasRequest(.post, "/api/v1/accounts/1/courses", body: .form(["course": ["name": .string(name)]])),
            logger: ApplyHarness.logger)
        return try #require(created["id"]?.intValue)
    }

    static func job(courses: [Int], file: String, in harness: ApplyHarness) throws -> StepGraph {
        try harness.job(
            job.replacingOccurrences(of: "courses: []", with: "courses: \(courses)"), files: ["syllabus.txt": file])
    }

    /// The available files of a course named `Syllabus.txt`.
    static func syllabi(of course: Int, in harness: ApplyHarness) async throws -> [JSONValue] {
        try await harness.get("/api/v1/courses/\(course)/files").arrayValue?.filter {
            $0["display_name"]?.stringValue == "Syllabus.txt"
        } ?? []
    }

    @Test func aNewFilePlansCreateThenUnchangedAfterApply() async throws {
        try await ApplyHarness.run { harness in
            let course = try await Self.course("Upload one", in: harness)
            let graph = try Self.job(courses: [course], file: "Week 1: reading\n", in: harness)
            let plan = try await harness.plan(graph)
            let item = try #require(plan.steps.first?.items.first)
            guard case .create(let kind, let fields) = item.action else {
                Issue.record("planned \(item.action)")
                return
            }
            #expect(kind == "file")
            #expect(fields["size"] == 16)
            #expect(fields["name"] == "Syllabus.txt")
            #expect(plan.summary.creates == 1)

            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let files = try await Self.syllabi(of: course, in: harness)
            #expect(files.count == 1)
            #expect(files.first?["size"] == 16)
            // The upload host refuses any request that carries the token (400), so this upload reached it without.
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect(stats["requests_by_route"]?["POST /api/v1/courses/:course_id/files"]?.intValue == 1)

            let again = try await harness.plan(graph)
            guard case .unchanged(_, let id)? = again.steps.first?.items.first?.action else {
                Issue.record("planned again \(String(describing: again.steps.first?.items.first?.action))")
                return
            }
            #expect(id == files.first?["id"])
            #expect(!again.summary.hasChanges)
        }
    }

    @Test func aChangedFilePlansAnUpdateOfItsSizeAndApplyReplacesIt() async throws {
        try await ApplyHarness.run { harness in
            let course = try await Self.course("Upload changed", in: harness)
            let first = try Self.job(courses: [course], file: "short\n", in: harness)
            #expect(try await harness.apply(first).status == .succeeded)
            let before = try #require(try await Self.syllabi(of: course, in: harness).first)

            let changed = try Self.job(courses: [course], file: "a longer syllabus\n", in: harness)
            let plan = try await harness.plan(changed)
            guard case .update(_, let id, let changes)? = plan.steps.first?.items.first?.action else {
                Issue.record("planned \(String(describing: plan.steps.first?.items.first?.action))")
                return
            }
            #expect(id == before["id"])
            #expect(changes == [PlannedChange(field: "size", before: 6, after: 18)])

            let outcome = try await harness.apply(changed)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let files = try await Self.syllabi(of: course, in: harness)
            #expect(files.count == 1, "on_duplicate: overwrite replaced the old file")
            #expect(files.first?["size"] == 18)
            #expect(!(try await harness.plan(changed).summary.hasChanges))
        }
    }

    @Test func anUploadWhoseAnswerWasLostIsFoundOnResumeAndNotSentAgain() async throws {
        try await ApplyHarness.run { harness in
            let course = try await Self.course("Upload lost", in: harness)
            let graph = try Self.job(courses: [course], file: "Found again\n", in: harness)
            let key = try #require(try await harness.plan(graph).steps.first?.items.first?.key)
            let run = try await harness.beginRun(graph)
            // The earlier attempt journaled its intent and the upload took effect (into the root folder, which an
            // upload naming no folder names), but the process died before its answer was journaled.
            try await harness.journal.record(
                ItemRecord(
                    runID: run, stepID: "syllabus", itemKey: key, itemIndex: 0, state: .intent, attempts: 1,
                    action: .create, updatedAt: Date()),
                durable: true)
            _ = try await harness.client.upload(
                CanvasUploadFile(name: "Syllabus.txt", contentType: "text/plain", data: Array("Found again\n".utf8)),
                to: "/api/v1/courses/\(course)/files", parameters: ["parent_folder_path": "/"],
                logger: ApplyHarness.logger)

            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let record = try #require(try await harness.journal.items(run: run, step: "syllabus").first)
            #expect(record.state == .confirmed)
            #expect(record.action == .create, "the earlier attempt's upload counts as this item's")
            #expect(try await Self.syllabi(of: course, in: harness).count == 1)
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect(stats["requests_by_route"]?["POST /api/v1/courses/:course_id/files"]?.intValue == 1)
        }
    }

    @Test func lostResponsesThenResumeUploadExactlyOnce() async throws {
        try await ApplyHarness.run { harness in
            let course = try await Self.course("Upload faults", in: harness)
            let graph = try Self.job(courses: [course], file: "Lost answers\n", in: harness)
            let run = try await harness.beginRun(graph)
            // Every write's answer is lost: the preflight runs in Canvas, and the client cannot tell.
            try await harness.setFaults("lost=1")
            let failing = try await harness.execute(graph, run: run)
            #expect(failing.status != .succeeded)
            let doubted = try #require(try await harness.journal.items(run: run, step: "syllabus").first)
            #expect(doubted.state != .confirmed)

            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")
            let files = try await Self.syllabi(of: course, in: harness)
            #expect(files.count == 1)
            #expect(files.first?["size"] == 13)
            let record = try #require(try await harness.journal.items(run: run, step: "syllabus").first)
            #expect(record.state == .confirmed)
            #expect(record.canvasID == files.first?["id"]?.interpolated)
        }
    }
}
