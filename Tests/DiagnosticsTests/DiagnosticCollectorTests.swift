import Diagnostics
import Testing

@Suite struct DiagnosticCollectorTests {
    static func at(_ line: Int, _ column: Int) -> SourceRange {
        SourceRange(at: SourceLocation(line: line, column: column))
    }

    @Test func givesItsFileToDiagnosticsWithoutOne() {
        var collector = DiagnosticCollector(file: "job.yaml")
        collector.error("first", at: Self.at(1, 1))
        collector.append(.warning("elsewhere", file: "other.yaml"))
        #expect(collector.all.map(\.file) == ["job.yaml", "other.yaml"])
    }

    @Test func tellsErrorsFromWarnings() {
        var collector = DiagnosticCollector()
        collector.warning("just a warning", at: nil)
        #expect(!collector.hasErrors)
        #expect(collector.errors.isEmpty)
        collector.error("an error", at: nil)
        #expect(collector.hasErrors)
        #expect(collector.errors.map(\.message) == ["an error"])
        #expect(collector.all.count == 2)
    }

    @Test func sortsByFileThenPositionKeepingReportOrderForTies() {
        var collector = DiagnosticCollector(file: "b.yaml")
        collector.error("b 3:1", at: Self.at(3, 1))
        collector.error("b 1:5", at: Self.at(1, 5))
        collector.error("b 1:5 again", at: Self.at(1, 5))
        collector.append(.error("a 9:9", file: "a.yaml", at: Self.at(9, 9)))
        collector.error("b 1:2", at: Self.at(1, 2))
        collector.append(contentsOf: [.error("b no position")])
        #expect(
            collector.sorted.map(\.message) == ["a 9:9", "b no position", "b 1:2", "b 1:5", "b 1:5 again", "b 3:1"])
    }

    @Test func theErrorOfAPassDescribesEveryDiagnostic() {
        let error = DiagnosticsError([
            .error("one", file: "job.yaml", at: Self.at(1, 2)), .warning("two", file: "job.yaml"),
        ])
        #expect(error.description == "job.yaml:1:2: error: one\njob.yaml: warning: two")
    }
}
