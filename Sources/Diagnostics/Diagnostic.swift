/// One problem found in a job file or its inputs: what is wrong, where, and what might fix it.
///
/// Every layer reports problems with this one type, so the command line prints them all the same way.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Hashable, Sendable, Comparable {
        case note, warning, error

        private var rank: Int {
            switch self {
            case .note: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// A remark attached to a diagnostic, such as a suggestion.
    public struct Note: Hashable, Sendable {
        /// The remark.
        public var message: String
        /// Where it points, if anywhere (in the same file).
        public var range: SourceRange?

        /// Creates a note.
        public init(_ message: String, at range: SourceRange? = nil) {
            self.message = message
            self.range = range
        }
    }

    /// How serious the problem is.
    public var severity: Severity
    /// One sentence, lower case first word, no final period.
    public var message: String
    /// The path of the file at fault, as shown to the user; nil for problems with no file.
    public var file: String?
    /// The span at fault.
    public var range: SourceRange?
    /// Remarks printed after the source excerpt.
    public var notes: [Note]
    /// Spans of the file that hold a secret: every source line rendered with this diagnostic masks them.
    public var redactions: [SourceRange] = []

    /// Creates a diagnostic.
    public init(
        _ severity: Severity,
        _ message: String,
        file: String? = nil,
        at range: SourceRange? = nil,
        notes: [Note] = []
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.notes = notes
    }

    /// Creates an error.
    public static func error(
        _ message: String,
        file: String? = nil,
        at range: SourceRange? = nil,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.error, message, file: file, at: range, notes: notes)
    }

    /// Creates a warning.
    public static func warning(
        _ message: String,
        file: String? = nil,
        at range: SourceRange? = nil,
        notes: [Note] = []
    ) -> Diagnostic {
        Diagnostic(.warning, message, file: file, at: range, notes: notes)
    }

    /// This diagnostic with `range` marked as a secret that rendering must mask.
    public func redacting(_ range: SourceRange?) -> Diagnostic {
        guard let range else { return self }
        var copy = self
        copy.redactions.append(range)
        return copy
    }

    /// This diagnostic with a "did you mean" note, when there is a suggestion.
    public func suggesting(_ suggestion: String?) -> Diagnostic {
        guard let suggestion else { return self }
        var copy = self
        copy.notes.append(Note("did you mean '\(suggestion)'?"))
        return copy
    }

    /// The first line of the rendered form: `file:line:col: error: message`, with any token in the message
    /// masked.
    public var description: String {
        var prefix = ""
        if let file {
            prefix = file + ":"
            if let range { prefix += "\(range.start.line):\(range.start.column):" }
            prefix += " "
        }
        return "\(prefix)\(severity.rawValue): \(SecretMask.masking(message))"
    }
}
