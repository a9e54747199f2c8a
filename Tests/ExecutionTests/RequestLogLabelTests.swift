import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Testing

/// The request log names the step and the item each request of a run serves, in the columns it always had.
@Suite struct RequestLogLabelTests {
    static let job = """
        easel: 1
        name: labels
        inputs: { rows: { csv: rows.csv } }
        steps:
          - id: sections
            for_each: ${{ inputs.rows }}
            ensure: section
            in: "2"
            key: { name: "${{ item.name }}" }
        """

    @Test func everyRequestOfARunIsLoggedWithItsStepAndItem() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.job, files: ["rows.csv": "name\nLabelled A\nLabelled B\n"])
            _ = try await harness.plan(graph)
            let run = try await harness.beginRun(graph)
            let outcome = try await harness.execute(graph, run: run)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let keys = Set(try await harness.journal.items(run: run).map(\.itemKey))
            #expect(keys.count == 2)
            let lines = try harness.canvas.logText().split(separator: "\n").map(String.init)
            let entries = try lines.map { try JSONValue(parsing: $0) }
            #expect(entries.count >= 4, "\(lines)")
            for (line, entry) in zip(lines, entries) {
                #expect(line.hasPrefix("{\"time\":"), "\(line)")
                #expect(line.contains("\",\"step\":\"sections\",\"item\":\""), "\(line)")
                #expect(keys.contains(entry["item"]?.stringValue ?? ""), "\(line)")
            }
            let creates = entries.filter { $0["method"] == "POST" }
            #expect(Set(creates.compactMap { $0["item"]?.stringValue }) == keys)
        }
    }
}
