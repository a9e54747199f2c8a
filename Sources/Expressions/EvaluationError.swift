public import Diagnostics

/// Why an expression could not be evaluated, and which part of it is at fault.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One sentence a Canvas admin understands, such as `lower() expects a string, got number`.
    public var message: String
    /// The subexpression at fault.
    public var range: SourceRange?

    /// Creates an error.
    public init(_ message: String, at range: SourceRange?) {
        self.message = message
        self.range = range
    }

    public var description: String { message }

    /// This error as a diagnostic, for the command line to print with the source line.
    public var diagnostic: Diagnostic { .error(message, at: range) }
}
