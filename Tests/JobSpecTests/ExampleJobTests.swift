import Diagnostics
import Foundation
import JobSpec
import OrderedCollections
import Testing

/// Every example in `jobs/` must validate.
@Suite struct ExampleJobTests {
    static let jobsFolder = JobSchemaTests.repositoryRoot.appendingPathComponent("jobs")

    static var exampleJobs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: jobsFolder.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    @Test func thereAreAtLeastThreeExamples() {
        #expect(Self.exampleJobs.count >= 3)
    }

    @Test(arguments: exampleJobs)
    func exampleJobValidates(_ name: String) throws {
        do {
            let graph = try StepGraph.load(path: Self.jobsFolder.appendingPathComponent(name).path)
            #expect(!graph.order.isEmpty)
        } catch {
            Issue.record(Comment(rawValue: DiagnosticRenderer().render(error.diagnostics)))
        }
    }

    @Test func courseShellsJobHasTheExpectedShape() throws {
        let graph = try StepGraph.load(
            path: Self.jobsFolder.appendingPathComponent("fall-term-course-shells.yaml").path)
        #expect(graph.order == ["term", "shells", "publish", "copy", "report"])
        #expect(graph.dependencies["shells"]?["term"] == .wholeStep)
        #expect(graph.dependencies["publish"]?["shells"] == .perItem)
        #expect(graph.dependencies["report"]?.keys.elements == ["publish", "copy"])
        guard case .ensure(let ensure)? = graph.spec.steps["shells"]?.kind else {
            Issue.record("shells is not an ensure step")
            return
        }
        #expect(ensure.kind == .course)
        #expect(graph.spec.inputs["courses"]?.columns == ["sis_course_id", "title", "code", "department"])
        #expect(graph.spec.defaults.parallelism == 8)
        #expect(graph.spec.defaults.retry.maxBackoff == .seconds(300))
        #expect(graph.spec.limits.maxDeletes == 0)
    }
}
