import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import JobSpec
import Logging
import PlanModel
import Planning
import Sandbox
import Testing

@Suite struct PlannerTests {
    static let folder = Golden.folder(of: #filePath)
    static let jobPath = folder.appendingPathComponent("Jobs/spring-science.yaml").path
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Plans the example job against a fresh demo sandbox; returns the plan and the sandbox's request stats.
    static func planOnDemoSandbox() async throws -> (plan: Plan, stats: JSONValue, token: String) {
        let graph = try StepGraph.load(path: jobPath)
        return try await SandboxHarness.run { harness in
            let planner = Planner(
                graph: graph, jobPath: "Jobs/spring-science.yaml", client: harness.client,
                environment: PlanEnvironment(name: "sandbox", host: "built-in sandbox", isProduction: false),
                easelVersion: "test", logger: logger)
            let plan = try await planner.plan(now: Date(timeIntervalSince1970: 1_790_000_000))
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            return (plan, stats, harness.sandbox.token)
        }
    }

    @Test func planOfTheDemoSeedMatchesItsGoldenFile() async throws {
        let (plan, _, _) = try await Self.planOnDemoSandbox()
        let rendered = PlanRenderer().render(plan)
        let golden = Self.folder.appendingPathComponent("Golden/spring-science.txt")
        if let mismatch = Golden.mismatch(rendered, goldenFile: golden) { Issue.record("\(mismatch)") }
        let summary = plan.summary
        #expect(summary.creates == 1)
        #expect(summary.updates == 1)
        #expect(summary.unchanged == 1)
        #expect(summary.deletes == 1)
        #expect(summary.requests == 1)
        #expect(plan.limitViolations.isEmpty)
    }

    @Test func planningSendsNoWrite() async throws {
        let (_, stats, _) = try await Self.planOnDemoSandbox()
        let methods = try #require(stats["requests_by_method"])
        #expect((methods["GET"]?.intValue ?? 0) > 0)
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            #expect(methods[method] == nil, "plan sent \(methods)")
        }
    }

    @Test func aSavedPlanReadsBackAndHoldsNoToken() async throws {
        let (plan, _, token) = try await Self.planOnDemoSandbox()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PlanFile.write(plan, to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(token))
        #expect(PlanFile.isPlanFile(path))
        let reread = try PlanFile.read(from: path)
        #expect(reread.steps == plan.steps)
        #expect(reread.header == plan.header)
        #expect(reread.summary == plan.summary)
    }

    @Test func thePlanWrittenItemByItemIsTheSameTextAsItsJSONValue() async throws {
        var (plan, _, _) = try await Self.planOnDemoSandbox()
        plan.reads = PlanReads(requests: 9, listings: 2, pages: 3, lookups: 4)
        plan.limitViolations = ["3 deletes, over max_deletes: 2"]
        #expect(plan.steps.count > 1 && plan.steps.allSatisfy { !$0.items.isEmpty })
        #expect(plan.prettyPrintedJSON == plan.jsonValue.serialized(options: [.prettyPrinted]))
        var empty = plan
        empty.steps = []
        #expect(empty.prettyPrintedJSON == empty.jsonValue.serialized(options: [.prettyPrinted]))
        var noItems = plan
        noItems.steps[0].items = []
        noItems.steps[0].notes = ["a note"]
        #expect(noItems.prettyPrintedJSON == noItems.jsonValue.serialized(options: [.prettyPrinted]))
    }

    @Test func aPlanOverTheJobsLimitsSaysSo() async throws {
        var limits = JobSpec.Limits()
        limits.maxDeletes = 0
        limits.maxChanges = 2
        let (plan, _, _) = try await Self.planOnDemoSandbox()
        let violations = Planner.limitViolations(of: plan, limits: limits)
        #expect(violations.count == 2)
        #expect(violations.first?.contains("max_deletes") == true)
    }
}
