import ArgumentParser
import Diagnostics
import Foundation
import JobSpec
import Planning
import Session

/// `easel validate JOB...`: checks job files and prints every problem, compiler style.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check job files without contacting Canvas.",
        discussion:
            "Prints every problem as file:line:col: error: message, with the source line and a caret. Raw requests are checked against Canvas's endpoint catalog: an unknown path, method or parameter is a warning (Canvas can be newer than the catalog), an error with --strict. Exits 65 if any file has an error."
    )

    @Argument(help: "The job files to check.")
    var jobs: [String]

    @OptionGroup var variables: VariableOptions

    @Flag(help: "Treat endpoint-catalog warnings as errors.")
    var strict = false

    @OptionGroup var logging: LogOptions

    func run() async throws {
        var failed = false
        let output = TerminalOutput()
        let overrides = try variables.overrides()
        for path in jobs {
            do {
                let graph = try EnsureFieldCheck.load(path: path, varOverrides: overrides)
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                var warnings = EndpointLinter().lint(SourceFile(path: path, text: text))
                if strict {
                    warnings = warnings.map {
                        var error = $0; error.severity = .error; return error
                    }
                }
                output.printDiagnostics(warnings)
                if strict && !warnings.isEmpty {
                    failed = true
                    continue
                }
                let note = warnings.isEmpty ? "" : ", \(warnings.count) warning\(warnings.count == 1 ? "" : "s")"
                output.printOut("\(path): ok (\(graph.order.count) step\(graph.order.count == 1 ? "" : "s")\(note))")
            } catch {
                failed = true
                output.printDiagnostics(error.diagnostics)
            }
        }
        if failed { throw ExitStatus.invalidJob.code }
    }
}
