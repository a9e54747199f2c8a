/// Gathers every problem of a pass, so that validation reports them all at once instead of stopping at the first.
public struct DiagnosticCollector: Sendable {
    /// Every diagnostic collected, in the order reported.
    public private(set) var all: [Diagnostic] = []
    /// The file that diagnostics without a file of their own are given.
    public var file: String?

    /// Creates an empty collector whose diagnostics default to `file`.
    public init(file: String? = nil) {
        self.file = file
    }

    /// Whether any error was collected.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// The errors collected.
    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }

    /// Adds a diagnostic, giving it the collector's file if it has none.
    public mutating func append(_ diagnostic: Diagnostic) {
        var diagnostic = diagnostic
        if diagnostic.file == nil { diagnostic.file = file }
        all.append(diagnostic)
    }

    /// Adds several diagnostics.
    public mutating func append(contentsOf diagnostics: some Sequence<Diagnostic>) {
        for diagnostic in diagnostics { append(diagnostic) }
    }

    /// Adds an error.
    public mutating func error(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
        append(.error(message, at: range, notes: notes))
    }

    /// Adds a warning.
    public mutating func warning(_ message: String, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
        append(.warning(message, at: range, notes: notes))
    }

    /// The diagnostics sorted by file and position, keeping report order for ties.
    public var sorted: [Diagnostic] {
        all.enumerated().sorted { lhs, rhs in
            let left = (
                lhs.element.file ?? "", lhs.element.range?.start.line ?? 0, lhs.element.range?.start.column ?? 0
            )
            let right = (
                rhs.element.file ?? "", rhs.element.range?.start.line ?? 0, rhs.element.range?.start.column ?? 0
            )
            return left == right ? lhs.offset < rhs.offset : left < right
        }.map(\.element)
    }
}

/// Thrown when a pass found errors; carries every diagnostic of the pass.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    /// All diagnostics, errors and warnings alike.
    public let diagnostics: [Diagnostic]

    /// Creates the error from the diagnostics of a pass.
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
