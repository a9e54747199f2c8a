import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import Sandbox
import Testing

/// How many items run at once, and when an item of a step that iterates another starts.
@Suite struct SchedulingTests {
    static func job(parallelism: Int, stepParallelism: Int? = nil) -> String {
        """
        easel: 1
        name: scheduling
        inputs: { courses: { csv: courses.csv } }
        defaults: { parallelism: \(parallelism) }
        steps:
          - id: shells
            for_each: ${{ inputs.courses }}
            ensure: course
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.title }}" }
        """ + (stepParallelism.map { "\n    parallelism: \($0)" } ?? "")
    }

    /// The most requests the sandbox had in flight at once for its one token.
    static func peakInFlight(_ harness: ApplyHarness) async throws -> Int {
        let stats = try await SandboxControl.stats(of: harness.sandbox)
        return stats["peak_in_flight"]?.objectValue?.values.compactMap(\.intValue).max() ?? 0
    }

    @Test(arguments: [
        (defaults: 3, step: Int?.none, option: Int?.none, expected: 3),
        (defaults: 8, step: 2, option: nil, expected: 2),
        (defaults: 8, step: nil, option: 1, expected: 1),
    ])
    func itemsInFlightStayWithinTheBound(
        _ bounds: (defaults: Int, step: Int?, option: Int?, expected: Int)
    ) async throws {
        try await ApplyHarness.run(sandbox: { $0.latency = .milliseconds(40) }) { harness in
            let graph = try harness.job(
                Self.job(parallelism: bounds.defaults, stepParallelism: bounds.step),
                files: ["courses.csv": ExecutorTests.coursesCSV(16, prefix: "PB")])
            let outcome = try await harness.apply(graph) { $0.parallelism = bounds.option }
            #expect(outcome.status == .succeeded)
            let peak = try await Self.peakInFlight(harness)
            #expect(peak <= bounds.expected)
            // Sixteen items of two 40 ms requests each: a bound above one is reached.
            #expect(peak >= min(bounds.expected, 2))
        }
    }

    @Test func anItemStartsAsSoonAsTheItemItIteratesIsDone() async throws {
        // Every request is held in flight until the test moves the sandbox's clock.
        let clock = TestClock()
        try await ApplyHarness.run(sandbox: {
            $0.latency = .milliseconds(30)
            $0.clock = clock.sandbox
        }) { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: pipelined
                inputs: { courses: { csv: courses.csv } }
                defaults: { parallelism: 4 }
                steps:
                  - id: shells
                    for_each: ${{ inputs.courses }}
                    parallelism: 1
                    ensure: course
                    key: { sis_course_id: "${{ item.sis_course_id }}" }
                    set: { name: "${{ item.title }}" }
                  - id: publish
                    for_each: ${{ steps.shells.items }}
                    request: PUT /api/v1/courses/${{ item.output.id }}
                    body: { course: { event: offer } }
                """, files: ["courses.csv": ExecutorTests.coursesCSV(8, prefix: "PL")])
            let run = try await harness.beginRun(graph)
            let progress = RunProgress(stepIDs: graph.order)
            // Looks, each time requests are held, for a moment when some shell is published while others are still
            // being created, then lets the requests through.
            let watcher = Task {
                defer { clock.skipWaits() }
                while await clock.waitForSleepers(1) {
                    let counts = progress.snapshot
                    let shells = counts.first { $0.stepID == "shells" }?.done ?? 0
                    let published = counts.first { $0.stepID == "publish" }?.done ?? 0
                    if published > 0 && shells < 8 { return true }
                    if shells == 8 { return false }
                    clock.advance(by: .milliseconds(30))
                }
                return false
            }
            var options = Executor.Options()
            options.exportDirectory = harness.folder
            let outcome = try await Executor(
                graph: graph, client: harness.client, journal: harness.journal, runID: run, options: options,
                progress: progress, logger: ApplyHarness.logger
            ).run()
            #expect(outcome.status == .succeeded)
            #expect(await watcher.value, "publish waited for every shell")
            // The progress display knows publish has as many items as the shells it iterates.
            #expect(progress.snapshot.first { $0.stepID == "publish" }?.total == 8)
        }
    }
}
