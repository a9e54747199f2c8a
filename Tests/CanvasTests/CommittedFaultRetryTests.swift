import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Synchronization
import Testing

/// Writes that Canvas committed although it answered with a 5xx: each test fails when a write that may have run
/// is sent again without a lookup, made after the wait, that says it did not run.
@Suite struct CommittedFaultRetryTests {
    private static let coursesPath = CanvasPath.apiV1("accounts", "1", "courses")

    private static func createCourse(_ sis: String, verify: CanvasRequest.Verification?) -> CanvasRequest {
        CanvasRequest(
            .post, coursesPath, body: .form(["course": ["name": .string(sis), "sis_course_id": .string(sis)]]),
            verify: verify)
    }

    private static func lookup(_ sis: String, _ harness: SandboxHarness) -> CanvasRequest.Verification {
        let client = harness.client
        let logger = harness.logger
        return {
            do {
                return try await client.json(.get(CanvasPath.apiV1("courses", "sis_course_id:\(sis)")), logger: logger)
            } catch let error as CanvasError {
                if case .notFound = error.kind { return nil }
                throw error
            }
        }
    }

    /// The lookup, made once the faults are off: the faults stand for the write's gateway, not for the lookup's.
    private static func lookupWithoutFaults(_ sis: String, _ harness: SandboxHarness) -> CanvasRequest.Verification {
        let lookup = lookup(sis, harness)
        return {
            try await harness.setFaults("")
            return try await lookup()
        }
    }

    private static func postCount(_ harness: SandboxHarness) async throws -> Int {
        try await harness.control("GET", "/__sandbox/stats")["requests_by_route"]?[
            "POST /api/v1/accounts/:account_id/courses"]?
            .intValue ?? 0
    }

    /// Whether the sandbox has the course, asked until it has (the late commit runs in a task of the sandbox's
    /// own, which nothing here can await), outside the client so that its request log and lookups see nothing.
    private static func courseExists(_ sis: String, _ harness: SandboxHarness) async throws -> Bool {
        try await eventually {
            let course = try await SandboxControl.api(
                "GET", CanvasPath.apiV1("courses", "sis_course_id:\(sis)"), on: harness.sandbox)
            return course["sis_course_id"]?.stringValue == sis
        }
    }

    @Test func theLastAttemptAnsweredWithAServerErrorIsLookedUpNotReportedFailed() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 1 }) { harness in
            try await harness.setFaults("applied500=1")
            let response = try await harness.client.send(
                Self.createCourse("APPLIED-LAST", verify: Self.lookupWithoutFaults("APPLIED-LAST", harness)),
                logger: harness.logger)
            #expect(response.isReconciled)
            #expect(try response.json()["sis_course_id"] == "APPLIED-LAST")
            #expect(try await Self.postCount(harness) == 1)
        }
    }

    @Test func aFailedLookupLeavesTheWriteInDoubt() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 3 }) { harness in
            // Every request commits and answers 500, the lookup's GET included: nothing can tell.
            try await harness.setFaults("applied500=1")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.send(
                    Self.createCourse("APPLIED-DOUBT", verify: Self.lookup("APPLIED-DOUBT", harness)),
                    logger: harness.logger)
            }
            guard case .inDoubt(let detail) = error?.kind else {
                Issue.record("expected in doubt, got \(String(describing: error))")
                return
            }
            #expect(detail.contains("the lookup to check it failed"))
            #expect(try await Self.postCount(harness) == 1)
        }
    }

    @Test func aLateCommitIsFoundAfterTheSettleTimeNotSentAgain() async throws {
        try await SandboxHarness.run(client: { $0.retry.settleDelay = .milliseconds(600) }) { harness in
            // The 504 comes at once; the course is created 300 ms later. A lookup made at once finds nothing.
            try await harness.setFaults("late504=1@300ms")
            let response = try await harness.client.send(
                Self.createCourse("LATE-SETTLE", verify: Self.lookupWithoutFaults("LATE-SETTLE", harness)),
                logger: harness.logger)
            #expect(response.isReconciled)
            try await harness.setFaults("")
            #expect(try await Self.postCount(harness) == 1)
        }
    }

    @Test func aResendAnsweredAlreadyInUseIsTheEarlierAttemptFound() async throws {
        // The late commit waits on this clock: it lands when the test moves the clock, not when time has passed.
        let clock = TestClock()
        try await SandboxHarness.run(
            sandbox: { $0.clock = clock.sandbox }, client: { $0.retry.settleDelay = .milliseconds(20) }
        ) { harness in
            try await harness.setFaults("late504=1@200ms")
            let lookup = Self.lookup("LATE-TAKEN", harness)
            let looks = Mutex(0)
            // The first look is made before the late commit (a replica that lags): it finds nothing, so the
            // write is sent again, and Canvas answers that the SIS id is taken.
            let verify: CanvasRequest.Verification = {
                let look = looks.withLock {
                    $0 += 1
                    return $0
                }
                if look == 1 {
                    try await harness.setFaults("")
                    // The late commit lands after this look and before the write is sent again.
                    #expect(await clock.waitForSleepers(1), "the late commit was not waiting")
                    clock.advance(by: .milliseconds(200))
                    #expect(try await Self.courseExists("LATE-TAKEN", harness), "the late commit did not land")
                    return nil
                }
                return try await lookup()
            }
            let response = try await harness.client.send(
                Self.createCourse("LATE-TAKEN", verify: verify), logger: harness.logger)
            #expect(response.isReconciled)
            #expect(try response.json()["sis_course_id"] == "LATE-TAKEN")
            #expect(try await Self.postCount(harness) == 2)
            #expect(looks.withLock { $0 } == 2)
        }
    }

    @Test func aFirstAttemptAnsweredAlreadyInUseIsAConflict() async throws {
        try await SandboxHarness.run { harness in
            _ = try await harness.client.send(
                Self.createCourse("TAKEN-FIRST", verify: Self.lookup("TAKEN-FIRST", harness)), logger: harness.logger)
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.send(
                    Self.createCourse("TAKEN-FIRST", verify: Self.lookup("TAKEN-FIRST", harness)),
                    logger: harness.logger)
            }
            #expect(error?.isAlreadyInUse == true)
        }
    }

    @Test func aStepsPolicyReplacesTheClientsForItsRequests() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 10 }) { harness in
            try await harness.setFaults("500=1")
            let policy = RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(1), settleDelay: .milliseconds(1))
            var request = CanvasRequest.get(CanvasPath.apiV1("accounts", "1"))
            request.context.retryPolicy = policy
            await #expect(throws: CanvasError.self) { try await harness.client.send(request, logger: harness.logger) }
            let attempts = try await harness.logEntries().compactMap { $0["attempt"]?.intValue }
            #expect(attempts == [1, 2])
        }
    }
}
