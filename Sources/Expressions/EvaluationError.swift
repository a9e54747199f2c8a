public import Diagnostics

/// Why an expression could not be evaluated, and which part of it is at fault.
public struct EvaluationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public var problem: EvaluationProblem
    /// The subexpression at fault.
    public var range: SourceRange?

    /// Creates an error.
    public init(_ problem: EvaluationProblem, at range: SourceRange?) {
        self.problem = problem
        self.range = range
    }

    /// One sentence a Canvas admin understands, such as `lower() expects a string, got number`.
    public var message: String { problem.description }

    public var description: String { message }

    /// This error as a diagnostic, for the command line to print with the source line.
    public var diagnostic: Diagnostic { .error(message, at: range) }
}
