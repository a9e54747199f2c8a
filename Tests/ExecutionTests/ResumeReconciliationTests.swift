import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import RunContext
import Sandbox
import Testing

/// What resume makes of writes an earlier attempt journaled but never saw answered, and what a failed attempt
/// leaves in the journal.
@Suite struct ResumeReconciliationTests {
    /// A shell, published and filled only when this run created it.
    static let job = """
        easel: 1
        name: created-only
        inputs: { courses: { csv: courses.csv } }
        steps:
          - id: shell
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.name }}" }
          - id: publish
            for_each: ${{ steps.shell.items }}
            when: ${{ item.status == 'created' }}
            request: PUT /api/v1/courses/${{ item.output.id }}
            body: { course: { event: offer } }
        """

    @Test func aCreateWhoseAnswerWasLostStaysCreatedWhenResumeFindsIt() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: ["courses.csv": "sis_course_id,name\nRC-1,Reconciled\n"])
            let run = try await harness.beginRun(graph)
            // The earlier attempt journaled its intent, and the POST took effect, but the process died before
            // the answer was journaled.
            try await harness.journal.record(
                ItemRecord(
                    runID: run, stepID: "shell", itemKey: "sis_course_id=RC-1", itemIndex: 0, state: .intent,
                    attempts: 1,
                    action: .create, updatedAt: Date()),
                durable: true)
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/courses",
                    body: .form(["course": ["name": "Reconciled", "sis_course_id": "RC-1"]])),
                logger: ApplyHarness.logger)

            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let shell = try #require(try await harness.journal.items(run: run, step: "shell").first)
            #expect(shell.state == .confirmed)
            #expect(shell.action == .create)
            let publish = try #require(try await harness.journal.items(run: run, step: "publish").first)
            #expect(publish.state == .confirmed, "the step that follows a creation ran")
            let course = try await harness.get("/api/v1/courses/sis_course_id:RC-1")
            #expect(course["workflow_state"] == "available")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect(stats["requests_by_route"]?["POST /api/v1/accounts/:account_id/courses"]?.intValue == 1)
        }
    }

    @Test func anEnsureLookupThatFailsOnResumeLeavesTheCreateInDoubtThenFindsIt() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: ["courses.csv": "sis_course_id,name\nRC-2,Doubted\n"])
            let run = try await harness.beginRun(graph)
            // The earlier attempt's POST left and took effect; its answer was lost.
            try await harness.journal.record(
                ItemRecord(
                    runID: run, stepID: "shell", itemKey: "sis_course_id=RC-2", itemIndex: 0, state: .sent,
                    attempts: 1, action: .create, updatedAt: Date()),
                durable: true)
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/courses",
                    body: .form(["course": ["name": "Doubted", "sis_course_id": "RC-2"]])),
                logger: ApplyHarness.logger)
            let route = "POST /api/v1/accounts/:account_id/courses"

            // Resume while Canvas fails every read: the ensure's read is the lookup, and it cannot tell.
            try await harness.setFaults("500=1")
            let failing = try await harness.execute(graph, run: run)
            #expect(failing.status == .failed)
            let doubted = try #require(try await harness.journal.items(run: run, step: "shell").first)
            #expect(doubted.state == .inDoubt, "a failed lookup leaves the create in doubt, not failed")
            #expect(doubted.action == .create)
            #expect(doubted.errorMessage?.contains("may have made this course") == true, "\(doubted)")

            // The next resume reads again, finds the course, and sends no second create.
            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")
            let shell = try #require(try await harness.journal.items(run: run, step: "shell").first)
            #expect(shell.state == .confirmed)
            #expect(shell.action == .create, "the create an earlier attempt made counts as this item's")
            let publish = try #require(try await harness.journal.items(run: run, step: "publish").first)
            #expect(publish.state == .confirmed, "later steps see the item as created")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect(stats["requests_by_route"]?[route]?.intValue == 1)
        }
    }

    @Test func anEnsureUpdateLeftInDoubtThatDidNotTakeEffectIsSentOnceOnResume() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: ["courses.csv": "sis_course_id,name\nRC-3,Renamed\n"])
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/courses",
                    body: .form(["course": ["name": "Old name", "sis_course_id": "RC-3"]])),
                logger: ApplyHarness.logger)
            let run = try await harness.beginRun(graph)
            // The earlier attempt journaled its update as sent, and it never reached Canvas.
            try await harness.journal.record(
                ItemRecord(
                    runID: run, stepID: "shell", itemKey: "sis_course_id=RC-3", itemIndex: 0, state: .inDoubt,
                    attempts: 1, action: .update, updatedAt: Date()),
                durable: true)

            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let shell = try #require(try await harness.journal.items(run: run, step: "shell").first)
            #expect(shell.state == .confirmed)
            #expect(shell.action == .update)
            #expect(shell.attempts == 2, "the lookup said the update had not happened; it was sent once more")
            let course = try await harness.get("/api/v1/courses/sis_course_id:RC-3")
            #expect(course["name"] == "Renamed")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect(stats["requests_by_route"]?["PUT /api/v1/courses/:course_id"]?.intValue == 1)
        }
    }

    @Test func aRawWriteLeftUnansweredIsFoundByItsVerifyReadAndNotSentAgain() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                ExecutorTests.rawCreateJob(verify: true),
                files: ["courses.csv": ExecutorTests.coursesCSV(2, prefix: "VR")])
            let run = try await harness.beginRun(graph)
            // The first course's POST took effect before the process died; the second was never sent.
            for (index, state) in [(0, ItemState.sent), (1, ItemState.intent)] {
                try await harness.journal.record(
                    ItemRecord(
                        runID: run, stepID: "create", itemKey: "Course VR \(index + 1)", itemIndex: index,
                        state: state, attempts: 1, action: .request, updatedAt: Date()),
                    durable: true)
            }
            _ = try await harness.client.json(
                CanvasRequest(.post, "/api/v1/accounts/1/courses", body: .form(["course": ["name": "Course VR 1"]])),
                logger: ApplyHarness.logger)

            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let counts = try await ExecutorTests.countCourses(named: "Course VR", in: harness)
            #expect(counts == ["Course VR 1": 1, "Course VR 2": 1])
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            // The test's own POST and the second course's: the first was found, not sent again.
            #expect(stats["requests_by_route"]?["POST /api/v1/accounts/:account_id/courses"]?.intValue == 2)
        }
    }

    @Test func aFailedWriteKeepsItsActionAndAttempts() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: fails
                steps:
                  - id: enroll
                    request: POST /api/v1/courses/999999/enrollments
                    body: { enrollment: { user_id: "1", type: StudentEnrollment } }
                """)
            let run = try await harness.beginRun(graph)
            let first = try await harness.execute(graph, run: run)
            #expect(first.status == .failed)
            var record = try #require(try await harness.journal.items(run: run, step: "enroll").first)
            #expect(record.state == .failed)
            #expect(record.action == .request)
            #expect(record.attempts == 1)
            #expect(record.httpStatus == 404)

            _ = try await harness.execute(graph, run: run)
            record = try #require(try await harness.journal.items(run: run, step: "enroll").first)
            #expect(record.attempts == 2, "resume retried the failed write once more")
        }
    }
}
