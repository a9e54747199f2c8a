import EaselTestSupport
import Execution
import Foundation
import Sandbox
import Testing

/// The journal says which writes have left for Canvas, not only which were intended.
@Suite struct SentStateTests {
    /// Sections created one at a time, each held on the wire long enough to be seen in flight: the sent record
    /// shares a batched commit, so on a busy machine a short request can be confirmed before its batch is written.
    static let job = """
        easel: 1
        name: sent
        inputs: { rows: { csv: rows.csv } }
        defaults: { parallelism: 1 }
        steps:
          - id: sections
            for_each: ${{ inputs.rows }}
            ensure: section
            in: "2"
            key: { name: "${{ item.name }}" }
        """

    @Test func aWriteInFlightIsJournaledAsSentThenConfirmed() async throws {
        // Every request is held in flight until the test moves the sandbox's clock.
        let clock = TestClock()
        try await ApplyHarness.run(sandbox: {
            $0.latency = .seconds(1)
            $0.clock = clock.sandbox
        }) { harness in
            let rows = (1...3).map { "Sent state \($0)" }
            let graph = try harness.job(Self.job, files: ["rows.csv": "name\n" + rows.joined(separator: "\n") + "\n"])
            let run = try await harness.beginRun(graph)
            let applying = Task { try await harness.execute(graph, run: run) }
            var seen: [ItemRecord] = []
            // One request at a time (parallelism 1): the lookups, then the first create.
            for _ in 0..<20 where seen.isEmpty {
                guard await clock.waitForSleepers(1) else { break }
                seen = try await harness.journal.items(run: run, states: [.sent])
                clock.advance(by: .seconds(1))
            }
            clock.skipWaits()
            let outcome = try await applying.value
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let sent = try #require(seen.first, "no item was ever journaled as sent")
            #expect(sent.action == .create)
            #expect(sent.attempts == 1)
            let items = try await harness.journal.items(run: run)
            #expect(items.count == 3)
            #expect(items.allSatisfy { $0.state == .confirmed })
            // The status Canvas answered each create with (200 for a section), kept for results.csv.
            #expect(items.allSatisfy { $0.httpStatus == 200 }, "\(items.map(\.httpStatus))")
        }
    }
}
