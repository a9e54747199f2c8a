import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Sandbox
import Synchronization
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
        // The sandbox's copy and the client's polling share a clock that stands still until the copy is accepted.
        let clock = TestClock()
        try await ApplyHarness.run(
            sandbox: {
                $0.jobDuration = .seconds(2)
                $0.clock = clock.sandbox
            }, clock: clock.canvas
        ) { harness in
            let route = "POST /api/v1/courses/:course_id/content_migrations"
            let graph = try harness.job(Self.copyJob)
            let run = try await harness.beginRun(graph)
            let first = Task { try await harness.execute(graph, run: run) }
            // Once the copy is accepted and the client waits to poll its Progress, Canvas starts failing: the
            // Progress can no longer be read.
            #expect(await clock.waitForSleepers(1))
            #expect(try await Self.postCount(route, harness) == 1)
            try await harness.setFaults("500=1")
            clock.skipWaits()
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

extension AnsweredWriteTests {
    static let textAnswerJob = """
        easel: 1
        name: text-answers
        defaults: { on_error: continue }
        steps:
          - id: create
            request: POST /api/v1/accounts/1/courses
            body: { course: { name: Texted, sis_course_id: TXT-1 } }
          - id: copy
            request: POST /api/v1/courses/3/content_migrations
            body: { migration_type: course_copy_importer, settings: { source_course_id: "2" } }
            wait: progress
          # A later step reads the course, so the journal keeps the whole answer of the step that made it.
          - id: check
            needs: [create]
            get: /api/v1/courses/sis_course_id:TXT-1
        """

    @Test func aWriteAnsweredWithTextIsKeptAsTextAndNeverSentAgain() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.textAnswerJob)
            let run = try await harness.beginRun(graph)
            // Every write runs, and its success comes back as text, not JSON.
            try await harness.setFaults("text=1")
            let outcome = try await harness.execute(graph, run: run)
            try await harness.setFaults("")
            #expect(outcome.status == .failed)
            let text = JSONValue.string("200 OK\n")
            let created = try #require(try await harness.journal.items(run: run, step: "create").first)
            #expect(created.state == .confirmed)
            #expect(created.httpStatus == 200)
            #expect(created.outputs == text)
            // The copy ran, but its answer names no Progress to wait for: answered, with the text kept.
            let copied = try #require(try await harness.journal.items(run: run, step: "copy").first)
            #expect(copied.state == .answered)
            #expect(copied.httpStatus == 200)
            #expect(copied.outputs == text)
            #expect(copied.errorMessage?.contains("names no Progress") == true, "\(copied.errorMessage ?? "")")
            #expect(copied.errorMessage?.contains("not sent again") == true, "\(copied.errorMessage ?? "")")

            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .failed)
            #expect(try await Self.postCount("POST /api/v1/accounts/:account_id/courses", harness) == 1)
            #expect(try await Self.postCount("POST /api/v1/courses/:course_id/content_migrations", harness) == 1)
            let after = try await harness.journal.items(run: run)
            #expect(after.first { $0.stepID == "create" }?.state == .confirmed)
            #expect(after.first { $0.stepID == "copy" }?.state == .answered)
            #expect(after.first { $0.stepID == "copy" }?.outputs == text)
            let courses = try await harness.get("/api/v1/accounts/1/courses", query: ["search_term": "Texted"])
            #expect(courses.arrayValue?.count == 1)
        }
    }
}

/// Raw `wait: sis_import` writes whose import does not end well: Canvas accepted the import, so it is answered,
/// never posted again, and resume follows the same import.
@Suite struct SISImportWaitTests {
    /// An import Canvas accepts but cannot read: the body is a form, not a CSV, so it ends `failed_with_messages`.
    static let job = """
        easel: 1
        name: sis
        steps:
          - id: import
            request: POST /api/v1/accounts/1/sis_imports
            body: { import_type: instructure_csv }
            wait: sis_import
        """
    /// Runs the SIS import job, which ends with its import answered (its message naming `words` and saying it is
    /// not sent again), then resumes it: the same import is followed again, and `imports` were posted in all.
    static func expectAnsweredThenFollowed(
        _ harness: ApplyHarness, imports: Int, words: (Int) -> [String]
    ) async throws -> (RunID, Int) {
        let graph = try harness.job(job)
        let run = try await harness.beginRun(graph)
        let outcome = try await harness.execute(graph, run: run)
        #expect(outcome.status == .failed)
        let item = try #require(try await harness.journal.items(run: run, step: "import").first)
        #expect(item.state == .answered, "the accepted import is answered, not failed")
        let importID = try #require(item.outputs?["id"]?.intValue)
        let message = item.errorMessage ?? ""
        for word in words(importID) + ["not sent again"] { #expect(message.contains(word), "\(message)") }
        let polls = try await AnsweredWriteTests.postCount(poll, harness)

        let resumed = try await harness.execute(graph, run: run)
        #expect(resumed.status == .failed)
        #expect(try await AnsweredWriteTests.postCount(post, harness) == imports, "the job's import was posted once")
        #expect(try await AnsweredWriteTests.postCount(poll, harness) > polls, "resume followed the import")
        let again = try #require(try await harness.journal.items(run: run, step: "import").first)
        #expect(again.state == .answered)
        #expect(again.outputs?["id"]?.intValue == importID)
        return (run, importID)
    }

    static let post = "POST /api/v1/accounts/:account_id/sis_imports"
    static let poll = "GET /api/v1/accounts/:account_id/sis_imports/:import_id"

    @Test func anImportThatFailsIsAnsweredAndResumeWaitsForTheSameImport() async throws {
        try await ApplyHarness.run { harness in
            let (run, importID) = try await Self.expectAnsweredThenFollowed(harness, imports: 1) { importID in
                ["SIS import \(importID) failed_with_messages", "Couldn't find Canvas CSV import headers"]
            }
            let again = try #require(try await harness.journal.items(run: run, step: "import").first)
            #expect(again.httpStatus == 200)
            #expect(again.errorMessage?.contains("SIS import \(importID) failed_with_messages") == true)
        }
    }

    @Test func anImportThatOutlastsTheWaitIsAnsweredAndResumeWaitsForTheSameImport() async throws {
        let waits = HourLongWaits()
        try await ApplyHarness.run(
            sandbox: {
                $0.throttle = nil
                // One row every 1,000 seconds: the import queued behind this one never starts during the test.
                $0.sisRowsPerSecond = 0.001
            }, clock: waits.clock
        ) { harness in
            // Another import of the account runs first; the job's own waits behind it, as Canvas queues them.
            let blocker = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/sis_imports", query: ["extension": "csv"],
                    body: .data(
                        Array("user_id,login_id,full_name,status\nSLOW-1,slow.one,Slow One,active\n".utf8),
                        contentType: "text/csv")),
                logger: ApplyHarness.logger)
            #expect(blocker["id"]?.intValue != nil)
            let (_, importID) = try await Self.expectAnsweredThenFollowed(harness, imports: 2) { importID in
                ["the Canvas job did not finish in time", "sis_imports/\(importID)"]
            }
            #expect(importID != blocker["id"]?.intValue)
            let state = try await harness.get("/api/v1/accounts/1/sis_imports/\(importID)")["workflow_state"]
            #expect(state == "created", "the import is still queued")
        }
    }
}

/// A clock on which every wait lasts at least an hour and passes at once: a wait that gives up after hours gives
/// up after a few polls.
final class HourLongWaits: Sendable {
    private let elapsed = Mutex<Duration>(.zero)

    var clock: CanvasClock {
        CanvasClock(
            now: { self.elapsed.withLock { $0 } },
            sleep: { duration in
                self.elapsed.withLock { $0 += max(duration, .seconds(3600)) }
                await Task.yield()
            })
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
