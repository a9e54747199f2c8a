import EaselTestSupport
import Execution
import Foundation
import Testing

/// Why a step as a whole did not run, or its export failed, reaches the outcome as a value; the summary's words
/// come from it.
@Suite struct StepFailureValueTests {
    @Test func aStepWhoseNeedFailedIsBlockedByItAndAnExportThatCannotBeWrittenNamesItsPath() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: step failures
                defaults: { on_error: continue }
                steps:
                  - id: missing
                    get: /api/v1/courses/999999
                  - id: after
                    needs: [missing]
                    get: /api/v1/accounts/1
                  - id: account
                    get: /api/v1/accounts/1
                    export: { json: blocker/account.json }
                """,
                // A file where the export's folder would be: the export cannot be written.
                files: ["blocker": "not a folder\n"])
            let outcome = try await harness.apply(graph)

            guard case .blocked(let dependency)? = outcome.failedSteps["after"] else {
                Issue.record("a step whose need failed is blocked: \(outcome.stepFailures)")
                return
            }
            #expect(dependency == "missing")
            #expect(outcome.stepFailures["after"] == "not run: step 'missing' did not complete")

            guard case .exportFailed(let path, let error)? = outcome.failedSteps["account"] else {
                Issue.record("an export that cannot be written fails its step: \(outcome.stepFailures)")
                return
            }
            #expect(path == "blocker/account.json")
            #expect(outcome.stepFailures["account"] == "the export to blocker/account.json failed: \(error)")
            #expect(outcome.failedSteps["missing"] == nil, "its item failed, not the step as a whole")
            #expect(outcome.problems.map(\.stepID) == ["missing"])
        }
    }
}
