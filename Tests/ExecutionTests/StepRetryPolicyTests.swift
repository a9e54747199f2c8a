import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import Sandbox
import Testing

/// `retry:` in `defaults` and on a step is the policy of that step's requests, `settle:` included.
@Suite struct StepRetryPolicyTests {
    static func requests(_ route: String, _ harness: ApplyHarness) async throws -> Int {
        try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"]?[route]?.intValue ?? 0
    }

    @Test func aStepsRetryDecidesHowOftenItsRequestsAreSent() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: retries
                defaults: { on_error: continue, retry: { attempts: 3, backoff: 1ms, max_backoff: 2ms } }
                steps:
                  - id: twice
                    get: /api/v1/accounts/1
                    retry: { attempts: 2 }
                  - id: defaults
                    get: /api/v1/accounts/1/terms
                """)
            #expect(graph.spec.steps["twice"]?.retry?.attempts == 2)
            #expect(graph.spec.steps["twice"]?.retry?.backoff == nil)
            #expect(graph.spec.defaults.retry.backoff == .milliseconds(1))
            try await harness.setFaults("500=1")
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .failed)
            #expect(try await Self.requests("GET /api/v1/accounts/:account_id", harness) == 2)
            #expect(try await Self.requests("GET /api/v1/accounts/:account_id/terms", harness) == 3)
        }
    }

    @Test func aWriteWhoseLastAttemptMayHaveRunEndsInDoubtNotFailed() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                ExecutorTests.rawCreateJob(verify: true)
                    + "\n    retry: { attempts: 1, settle: 10ms }",
                files: ["courses.csv": ExecutorTests.coursesCSV(1, prefix: "LA")])
            // The POST commits and answers 500; the verify: read fails the same way.
            try await harness.setFaults("applied500=1")
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .failed)
            let run = outcome.runID
            let item = try #require(try await harness.journal.items(run: run, step: "create").first)
            #expect(item.state == .inDoubt, "a write that may have run and was not looked up is in doubt")
            #expect(try await Self.requests("POST /api/v1/accounts/:account_id/courses", harness) == 1)

            try await harness.setFaults("")
            let resumed = try await harness.execute(graph, run: run)
            #expect(resumed.status == .succeeded, "\(resumed.problems)")
            #expect(try await Self.requests("POST /api/v1/accounts/:account_id/courses", harness) == 1)
            #expect(try await ExecutorTests.countCourses(named: "Course LA", in: harness) == ["Course LA 1": 1])
        }
    }
}
