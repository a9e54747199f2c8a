public import Diagnostics

/// Where a run session says what it does: standard output for results, standard error for errors and prompts.
public protocol SessionOutput: Sendable {
    /// Writes `text` and `terminator` to the output for results.
    func printOut(_ text: String, terminator: String)
    /// Writes `text` and `terminator` to the output for errors.
    func printError(_ text: String, terminator: String)
    /// Writes diagnostics compiler style to the output for errors.
    func printDiagnostics(_ diagnostics: [Diagnostic])
}

extension SessionOutput {
    /// Writes a line to the output for results.
    public func printOut(_ text: String) { printOut(text, terminator: "\n") }
    /// Writes a line to the output for errors.
    public func printError(_ text: String) { printError(text, terminator: "\n") }
}
