import EaselTestSupport
import Execution
import Foundation
import JobSpec
import PlanModel
import Planning
import Testing

/// The example jobs of `jobs/` as a new user runs them: each applies cleanly on a fresh demo sandbox, and
/// applying it again changes nothing.
@Suite struct ExampleJobsTests {
    static let jobsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("jobs")

    static var exampleJobs: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: jobsFolder.path))?
            .filter { $0.hasSuffix(".yaml") }.sorted() ?? []
    }

    @Test func thereAreExampleJobs() {
        #expect(Self.exampleJobs.count >= 3)
    }

    @Test(arguments: exampleJobs)
    func appliesCleanlyThenPlansNoChange(_ name: String) async throws {
        let graph = try StepGraph.load(path: Self.jobsFolder.appendingPathComponent(name).path)
        try await ApplyHarness.run { harness in
            let outcome = try await harness.apply(graph)
            #expect(
                outcome.status == .succeeded,
                "\(outcome.problems.map { "\($0.stepID) \($0.itemKey): \($0.errorMessage ?? "")" }) \(outcome.stepFailures)"
            )
            #expect(outcome.summary[.failed] == 0 && outcome.summary[.inDoubt] == 0)
            let again = try await harness.plan(graph)
            let summary = again.summary
            #expect(
                summary.creates == 0 && summary.updates == 0 && summary.deletes == 0, "\(PlanRenderer().render(again))")
        }
    }
}
