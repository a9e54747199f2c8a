/// Prints diagnostics like a compiler: `file:line:col: error: message`, the source line, a caret under the
/// span, then the notes.
///
/// A secret never reaches the output: the spans that diagnostics mark as secrets (``Diagnostic/redactions``)
/// and anything shaped like an access token are masked in every line printed (see ``SecretMask``).
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
    ///
    /// A secret one diagnostic marks is masked in the excerpts of all the others in the same file too.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var redactions: [String: [SourceRange]] = [:]
        for diagnostic in diagnostics {
            guard let file = diagnostic.file else { continue }
            redactions[file, default: []] += diagnostic.redactions
        }
        return diagnostics.map { render($0, redactions: redactions[$0.file ?? ""] ?? []) }.joined()
    }

    /// Renders one diagnostic and its notes, ending with a line break.
    public func render(_ diagnostic: Diagnostic) -> String {
        render(diagnostic, redactions: diagnostic.redactions)
    }

    private func render(_ diagnostic: Diagnostic, redactions: [SourceRange]) -> String {
        var output = paint(diagnostic.description, severity: diagnostic.severity) + "\n"
        if let path = diagnostic.file, let range = diagnostic.range, let source = sources[path] {
            output += excerpt(of: source, at: range, redactions: redactions)
        }
        for note in diagnostic.notes {
            output += paint("note: ", severity: .note) + SecretMask.masking(note.message) + "\n"
        }
        return output
    }

    private func excerpt(of source: SourceFile, at range: SourceRange, redactions: [SourceRange]) -> String {
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
        let shown = masked(scalars, lineNumber: range.start.line, redactions: redactions)
        return shown + "\n" + padding + paint(marker, severity: .note, green: true) + "\n"
    }

    /// The line with the parts of `redactions` on it, and any token, masked; the length stays the same.
    private func masked(_ scalars: [Unicode.Scalar], lineNumber: Int, redactions: [SourceRange]) -> String {
        var scalars = scalars
        for redaction in redactions where (redaction.start.line...redaction.end.line).contains(lineNumber) {
            var start = redaction.start.line == lineNumber ? redaction.start.column - 1 : 0
            var end = redaction.end.line == lineNumber ? redaction.end.column - 1 : scalars.count
            start = min(max(0, start), scalars.count)
            end = min(max(start, end), scalars.count)
            // The quotes of a quoted value are not part of the secret.
            if end - start >= 2, ["\"", "'"].contains(scalars[start]), scalars[end - 1] == scalars[start] {
                start += 1
                end -= 1
            }
            SecretMask.maskSecret(&scalars, start..<end)
        }
        for span in SecretMask.tokenSpans(in: scalars) { SecretMask.mask(&scalars, span) }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
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
