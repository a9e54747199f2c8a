public import ArgumentParser
import Diagnostics
import JobSpec
import Session

/// `easel graph JOB`: draws a job's step graph as Mermaid or Graphviz text.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a job's step graph as Mermaid or Graphviz (dot) text."
    )

    @Argument(help: "The job file.")
    var job: String

    @Option(help: "mermaid or dot.")
    var format: StepGraph.DrawingFormat = .mermaid

    @OptionGroup var variables: VariableOptions

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        let overrides = try variables.overrides()
        do {
            let graph = try StepGraph.load(path: job, varOverrides: overrides)
            output.printOut(graph.drawing(format), terminator: "")
        } catch {
            output.printDiagnostics(error.diagnostics)
            throw ExitStatus.invalidJob.code
        }
    }
}

extension StepGraph.DrawingFormat: ExpressibleByArgument {}
