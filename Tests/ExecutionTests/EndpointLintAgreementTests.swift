import Diagnostics
import EaselTestSupport
import Execution
import Foundation
import JobSpec
import Sandbox
import Testing

/// The endpoint lint and the sandbox's strict-parameter mode read the same catalog: a parameter the lint warns
/// about is one the strict sandbox refuses when the job runs, and a job the lint passes runs there unrefused.
@Suite struct EndpointLintAgreementTests {
    static let misspelt = """
        easel: 1
        name: lint-agreement
        defaults:
          on_error: continue
        steps:
          - id: courses
            get: /api/v1/accounts/self/courses
            query:
              serach_term: Biology
          - id: rename
            request: PUT /api/v1/courses/sis_course_id:BIO-101-2026SP
            body:
              course:
                nmae: Biology again
        """

    @Test func theStrictSandboxRefusesWhatTheLintFlagsAndRunsWhatItPasses() async throws {
        try await ApplyHarness.run(sandbox: { $0.strictParameters = true }) { harness in
            let warnings = EndpointLinter().lint(SourceFile(path: "job.yaml", text: Self.misspelt))
            let flagged = warnings.compactMap { $0.message.split(separator: "'").first.map(String.init) }
            #expect(flagged == ["serach_term", "course[nmae]"])

            let graph = try harness.job(Self.misspelt)
            let run = try await harness.beginRun(graph)
            _ = try await harness.execute(graph, run: run)
            let items = try await harness.journal.items(run: run)
            let refused = items.compactMap(\.errorMessage).filter { $0.contains("strict sandbox") }
            #expect(refused.count == 2, "\(items.map { ($0.stepID, $0.state, $0.errorMessage ?? "") })")
            for name in flagged { #expect(refused.contains { $0.contains("'\(name)'") }, "\(name)") }

            let fixed = Self.misspelt.replacingOccurrences(of: "serach_term", with: "search_term")
                .replacingOccurrences(of: "nmae", with: "name")
            #expect(EndpointLinter().lint(SourceFile(path: "job.yaml", text: fixed)).isEmpty)
            let fixedGraph = try harness.job(fixed)
            let fixedRun = try await harness.beginRun(fixedGraph)
            #expect(try await harness.execute(fixedGraph, run: fixedRun).status == .succeeded)
        }
    }
}
