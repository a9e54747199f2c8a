/// Prints diagnostics like a compiler: `file:line:col: error: message`, the source line, a caret under the
/// span, then the notes.
public struct DiagnosticRenderer: Sendable {
    /// Whether to colour the output with ANSI escapes.
    public enum ColorMode: Sendable {
        case never, always
    }

    /// The files diagnostics may point into, by path.
    public var sources: [String: SourceFile]
    /// Whether to colour the output.
    public var colorMode: ColorMode

    /// Creates a renderer over the given files.
    public init(sources: [SourceFile] = [], colorMode: ColorMode = .never) {
        self.sources = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.colorMode = colorMode
    }

    /// Renders several diagnostics, each ending with a line break.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// Renders one diagnostic and its notes, ending with a line break.
    public func render(_ diagnostic: Diagnostic) -> String {
        var output = paint(diagnostic.description, severity: diagnostic.severity) + "\n"
        if let path = diagnostic.file, let range = diagnostic.range, let source = sources[path] {
            output += excerpt(of: source, at: range)
        }
        for note in diagnostic.notes {
            output += paint("note: ", severity: .note) + note.message + "\n"
        }
        return output
    }

    private func excerpt(of source: SourceFile, at range: SourceRange) -> String {
        guard let line = source.line(range.start.line) else { return "" }
        let scalars = Array(line.unicodeScalars)
        // The padding repeats the line's own tabs so that the caret lines up whatever the tab width.
        var padding = ""
        for index in 0..<max(0, min(range.start.column - 1, scalars.count)) {
            padding.unicodeScalars.append(scalars[index] == "\t" ? "\t" : " ")
        }
        if range.start.column - 1 > scalars.count {
            padding += String(repeating: " ", count: range.start.column - 1 - scalars.count)
        }
        var width = 1
        if range.end.line == range.start.line, range.end.column > range.start.column {
            width = range.end.column - range.start.column
        } else if range.end.line > range.start.line {
            width = max(1, scalars.count - (range.start.column - 1))
        }
        let marker = "^" + String(repeating: "~", count: max(0, width - 1))
        return String(line) + "\n" + padding + paint(marker, severity: .note, green: true) + "\n"
    }

    private func paint(_ text: String, severity: Diagnostic.Severity, green: Bool = false) -> String {
        guard colorMode == .always else { return text }
        let code: String
        if green {
            code = "32"
        } else {
            switch severity {
            case .error: code = "1;31"
            case .warning: code = "1;35"
            case .note: code = "1;36"
            }
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }
}
