import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Sandbox
import Testing

/// Writes that Canvas accepted, or may have made, whose follow-up failed: the journal must never let resume send
/// them blind.
@Suite struct AnsweredWriteTests {
    static let copyJob = """
        easel: 1
        name: copy
        steps:
          - id: copy
            request: POST /api/v1/courses/3/content_migrations
            body: { migration_type: course_copy_importer, settings: { source_course_id: "2" } }
            wait: progress
        """

    static func postCount(_ route: String, _ harness: ApplyHarness) async throws -> Int {
        try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"]?[route]?.intValue ?? 0
    }

    @Test func aCourseCopyWhosePollingFailsIsAnsweredAndResumeWaitsForTheSameCopy() async throws {
        try await ApplyHarness.run(sandbox: { $0.jobDuration = .seconds(2) }) { harness in
            let route = "POST /api/v1/courses/:course_id/content_migrations"
            let graph = try harness.job(Self.copyJob)
            let run = try await harness.beginRun(graph)
            let first = Task { try await harness.execute(graph, run: run) }
            // Once the copy is accepted, Canvas starts failing: the Progress can no longer be read.
            while try await Self.postCount(route, harness) == 0 { try await Task.sleep(for: .milliseconds(10)) }
            try await harness.setFaults("500=1")
            let outcome = try await first.value
            #expect(outcome.status == .failed)
            let item = try #require(try await harness.journal.items(run: run, step: "copy").first)
            #expect(item.state == .answered, "the accepted copy is journaled as answered, not failed")
            #expect(item.httpStatus == 200)
            #expect(item.outputs?["progress_url"] != nil)
            #expect(item.errorMessage?.contains("not sent again") == true)

            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")
            let done = try #require(try await harness.journal.items(run: run, step: "copy").first)
            #expect(done.state == .confirmed)
            #expect(try await Self.postCount(route, harness) == 1, "one course copy, not two")
        }
    }

    @Test func aVerifyReadThatFailsOnResumeLeavesTheWriteInDoubtNotFailed() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                ExecutorTests.rawCreateJob(verify: true),
                files: ["courses.csv": ExecutorTests.coursesCSV(1, prefix: "VF")])
            let run = try await harness.beginRun(graph)
            // An earlier attempt's POST took effect, and its answer was lost.
            try await harness.journal.record(
                ItemRecord(
                    runID: run, stepID: "create", itemKey: "Course VF 1", itemIndex: 0, state: .inDoubt, attempts: 1,
                    action: .request, updatedAt: Date()),
                durable: true)
            _ = try await harness.client.json(
                CanvasRequest(.post, "/api/v1/accounts/1/courses", body: .form(["course": ["name": "Course VF 1"]])),
                logger: ApplyHarness.logger)
            let route = "POST /api/v1/accounts/:account_id/courses"
            let before = try await Self.postCount(route, harness)

            // Resume while Canvas fails every read: the verify: read cannot tell.
            try await harness.setFaults("500=1")
            let failing = try await harness.execute(graph, run: run)
            #expect(failing.status == .failed)
            let item = try #require(try await harness.journal.items(run: run, step: "create").first)
            #expect(item.state == .inDoubt, "a failed lookup leaves the write in doubt")
            #expect(item.errorMessage?.contains("verify: read") == true)

            // The next resume looks again, finds the course and sends nothing.
            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")
            #expect(try await Self.postCount(route, harness) == before)
            #expect(try await ExecutorTests.countCourses(named: "Course VF", in: harness) == ["Course VF 1": 1])
        }
    }
}

/// What `easel show` says resume will do, from the journal record alone.
@Suite struct ResumeActionTests {
    static func record(_ state: ItemState, _ action: ItemAction, attempts: Int = 1) -> ItemRecord {
        ItemRecord(
            runID: RunID.generate(), stepID: "s", itemKey: "k", itemIndex: 0, state: state, attempts: attempts,
            action: action, updatedAt: Date())
    }

    @Test func eachUnfinishedItemSaysWhatResumeDoes() {
        #expect(ResumeAction(Self.record(.intent, .create)) == .lookUp)
        #expect(ResumeAction(Self.record(.sent, .update)) == .lookUp)
        #expect(ResumeAction(Self.record(.inDoubt, .request)) == .verifyOrAsk)
        #expect(ResumeAction(Self.record(.failed, .request)) == .verifyOrSend)
        #expect(ResumeAction(Self.record(.failed, .create, attempts: 0)) == .send)
        #expect(ResumeAction(Self.record(.answered, .request)) == .waitAgain)
        #expect(ResumeAction(Self.record(.confirmed, .create)) == .keep)
        #expect(ResumeAction.allCases.allSatisfy { !$0.description.isEmpty })
    }
}
