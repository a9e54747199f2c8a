import Diagnostics
import Testing
import YAML

/// Parses `text` as the file `job.yaml`, requiring a document.
func parseDocument(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> YAMLNode {
    try #require(try YAMLParser.parse(SourceFile(path: "job.yaml", text: text)), sourceLocation: sourceLocation)
}

/// Parses `text`, requiring it to fail, and returns the diagnostics.
func parseFailure(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [Diagnostic] {
    do {
        let node = try YAMLParser.parse(SourceFile(path: "job.yaml", text: text))
        Issue.record(
            "expected a parse failure, got \(String(describing: node).prefix(300))", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.diagnostics
    }
}

/// A range from `line:column` to `line:column`.
func range(_ startLine: Int, _ startColumn: Int, _ endLine: Int, _ endColumn: Int) -> SourceRange {
    SourceRange(
        start: Diagnostics.SourceLocation(line: startLine, column: startColumn),
        end: Diagnostics.SourceLocation(line: endLine, column: endColumn)
    )
}

/// An empty range at `line:column`.
func location(_ line: Int, _ column: Int) -> SourceRange {
    SourceRange(at: Diagnostics.SourceLocation(line: line, column: column))
}

extension YAMLNode {
    /// The scalar text, or nil.
    var text: String? { scalar?.text }
}
