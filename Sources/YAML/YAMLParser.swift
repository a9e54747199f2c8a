public import Diagnostics

/// Reads YAML job files into `YAMLNode` trees with libyaml.
public enum YAMLParser {
    /// Parses one YAML document.
    ///
    /// Returns nil for an empty file (or a file of comments only).
    ///
    /// Throws `DiagnosticsError` with every diagnostic it can produce (file = `source.path`): a syntax error stops
    /// the parse, while duplicate keys, unknown aliases and bad merge keys are all collected.
    public static func parse(_ source: SourceFile) throws(DiagnosticsError) -> YAMLNode? {
        var builder = YAMLTreeBuilder()
        var fatalError: YAMLError?
        do {
            try readEvents(of: source, into: &builder)
        } catch {
            fatalError = error
        }
        var diagnostics = DiagnosticCollector(file: source.path)
        diagnostics.append(contentsOf: builder.errors.map { $0.diagnostic(file: source.path) })
        if let fatalError { diagnostics.append(fatalError.diagnostic(file: source.path)) }
        guard diagnostics.all.isEmpty else { throw DiagnosticsError(diagnostics.sorted) }
        return builder.root
    }

    private static func readEvents(of source: SourceFile, into builder: inout YAMLTreeBuilder) throws(YAMLError) {
        let parser = LibYAMLParser(text: source.text)
        while true {
            let event: YAMLEvent
            do {
                event = try parser.nextEvent()
            } catch {
                if error.problem == "did not find expected <document start>", builder.documentEndedExplicitly,
                    let location = error.problemLocation
                {
                    // Content after `...` is a second document to YAML.
                    throw .multipleDocuments(at: SourceRange(at: location))
                }
                throw syntaxError(error, in: source, openFlowCollection: builder.outermostOpenFlowCollection)
            }
            if try builder.consume(event) { return }
        }
    }

    /// Locates a libyaml error and recognises a bare `${{` in flow style as its cause.
    private static func syntaxError(
        _ error: LibYAMLError,
        in source: SourceFile,
        openFlowCollection: SourceLocation?
    ) -> YAMLError {
        let lines = SourceLines(source.text)
        let location: SourceLocation?
        switch error.stage {
        case .reader(let byteOffset): location = lines.location(ofByteOffset: byteOffset)
        case .scanner, .parser: location = error.problemLocation
        case .memory: location = nil
        }
        guard let location else { return .syntax(error, YAMLError.Site(lineHasExpression: false)) }
        let searchStart = openFlowCollection ?? SourceLocation(line: location.line, column: 1)
        if let expression = lines.firstUnquotedExpression(from: searchStart, throughLine: location.line) {
            return .expressionInFlowCollection(at: expression)
        }
        return .syntax(
            error,
            YAMLError.Site(
                location: location,
                character: lines.scalar(at: location),
                lineHasExpression: lines.containsExpression(line: location.line)
            )
        )
    }
}
