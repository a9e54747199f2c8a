import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import Logging
import Sandbox
import Testing

@Suite struct ErrorResponseTests {
    @Test func aBadTokenIsNamedAsSuch() async throws {
        try await SandboxHarness.run(client: { $0.tokens = [CanvasToken("7~not-a-real-token")] }) { harness in
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.identity(logger: harness.logger)
            }
            guard case .invalidToken = error?.kind else {
                Issue.record("expected invalidToken, got \(String(describing: error))")
                return
            }
            #expect(error?.description.contains("not-a-real-token") == false)
        }
    }

    @Test func notFoundNamesThePath() async throws {
        try await SandboxHarness.run { harness in
            let path = CanvasPath.apiV1("courses", "sis_course_id:NO-SUCH")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.json(.get(path), logger: harness.logger)
            }
            #expect(error?.kind == .notFound("The specified resource does not exist."))
            #expect(error?.description.contains(path) == true)
        }
    }

    @Test(arguments: [401, 403])
    func notPermittedEitherWay(status: Int) async throws {
        try await SandboxHarness.run(sandbox: { $0.notPermittedStatus = status }) { harness in
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.json(
                    CanvasRequest(.get, CanvasPath.apiV1("accounts", "1", "users"), asUserID: "sis_user_id:u0050"),
                    logger: harness.logger)
            }
            guard case .notPermitted = error?.kind else {
                Issue.record("expected notPermitted, got \(String(describing: error))")
                return
            }
            #expect(error?.status == status)
        }
    }

    @Test func validationErrorsPerField() async throws {
        try await SandboxHarness.run { harness in
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.json(
                    CanvasRequest(
                        .post, CanvasPath.apiV1("accounts", "1", "users"),
                        body: .form(["user": ["name": "Dup"], "pseudonym": ["unique_id": "admin@demo.easel.test"]])),
                    logger: harness.logger)
            }
            guard case .validation(let fields) = error?.kind else {
                Issue.record("expected validation errors, got \(String(describing: error))")
                return
            }
            #expect(fields.contains { $0.field.contains("unique_id") })
        }
    }

    @Test func serverErrorsAreRetriedThenReportedWithTheirReportID() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 3 }) { harness in
            try await harness.setFaults("500=1")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.json(.get(CanvasPath.apiV1("courses", "1")), logger: harness.logger)
            }
            guard case .server(500, let reportID) = error?.kind else {
                Issue.record("expected a server error, got \(String(describing: error))")
                return
            }
            #expect(reportID != nil)
            let attempts = try await harness.logEntries().compactMap { $0["attempt"]?.intValue }
            #expect(attempts == [1, 2, 3])
        }
    }

    @Test func networkDownIsReportedAsSuch() async throws {
        // Port 1 on this machine: nothing listens there, so the connection is refused.
        let configuration = CanvasClientConfiguration(
            baseURL: "http://127.0.0.1:1", tokens: [CanvasToken(randomCanvasToken())],
            retry: RetryPolicy(maximumAttempts: 2, baseDelay: .milliseconds(10)))
        try await withCanvasClient(configuration) { client in
            let error = await #expect(throws: CanvasError.self) {
                try await client.json(.get("/api/v1/users/self"), logger: .init(label: "test"))
            }
            guard case .network = error?.kind else {
                Issue.record("expected a network error, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func timeoutsAreRetriedThenReported() async throws {
        try await SandboxHarness.run(client: {
            $0.requestTimeout = .milliseconds(200)
            $0.retry.maximumAttempts = 2
        }) { harness in
            try await harness.setFaults("slow=1@1s")
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.json(.get(CanvasPath.apiV1("courses", "1")), logger: harness.logger)
            }
            #expect(error?.kind == .timeout)
            #expect(try await harness.logEntries().count == 2)
        }
    }
}
