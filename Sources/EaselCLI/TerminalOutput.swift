import Diagnostics
import Foundation
import Session

/// Writes to standard output and standard error, colouring only when the stream is a terminal.
struct TerminalOutput: SessionOutput {
    /// Whether standard error is a terminal (and NO_COLOR is unset).
    static var stderrIsTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// Whether standard error is a terminal, colour or not: where a progress display can redraw in place.
    static var stderrIsInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    /// Whether standard output is a terminal (and NO_COLOR is unset).
    static var stdoutIsTerminal: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    func printOut(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }

    func printError(_ text: String, terminator: String = "\n") {
        FileHandle.standardError.write(Data((text + terminator).utf8))
    }

    /// Prints diagnostics compiler style, with the source lines of the files they point into.
    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        let paths = Set(diagnostics.compactMap(\.file))
        let sources = paths.compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8)).map { SourceFile(path: path, text: $0) }
        }
        let renderer = DiagnosticRenderer(sources: sources, colorMode: Self.stderrIsTerminal ? .always : .never)
        printError(renderer.render(diagnostics), terminator: "")
        let errors = diagnostics.filter { $0.severity == .error }.count
        if errors > 0 { printError("\(errors) error\(errors == 1 ? "" : "s")") }
    }
}
