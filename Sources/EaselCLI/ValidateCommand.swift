import ArgumentParser
import Diagnostics
import Foundation
import JobSpec
import Planning

/// `easel validate JOB...`: checks job files and prints every problem, compiler style.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check job files without contacting Canvas.",
        discussion:
            "Prints every problem as file:line:col: error: message, with the source line and a caret. Exits 65 if any file has an error."
    )

    @Argument(help: "The job files to check.")
    var jobs: [String]

    @OptionGroup var variables: VariableOptions

    func run() async throws {
        var failed = false
        var output = TerminalOutput()
        let overrides = try variables.overrides()
        for path in jobs {
            do {
                let graph = try EnsureFieldCheck.load(path: path, varOverrides: overrides)
                output.printOut("\(path): ok (\(graph.order.count) step\(graph.order.count == 1 ? "" : "s"))")
            } catch {
                failed = true
                output.printDiagnostics(error.diagnostics)
            }
        }
        if failed { throw ExitCode(65) }
    }
}
