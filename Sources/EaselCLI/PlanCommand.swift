import ArgumentParser
import Diagnostics
import Foundation
import JSONValues
import JobSpec
import Logging
import PlanModel
import Planning
import Rainbow
import RunContext
import Session

/// `easel plan JOB`: reads live state and prints what the job would change, writing nothing.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a job would change, per object and per field, without writing anything.",
        discussion: """
            Runs the job's reads and the lookups its ensure steps need, then prints per item: + create, \
            ~ update (field: before → after), - delete, = unchanged (counted), and raw requests resolved. \
            Exits 0; with --detailed-exitcode, 2 when there are changes; 1 when the plan exceeds the job's limits \
            or Canvas fails; 65 for an invalid job file.
            """
    )

    @Argument(help: "The job file.")
    var job: String

    @OptionGroup var variables: VariableOptions
    @OptionGroup var target: CanvasTargetOptions
    @OptionGroup var state: StateDirectoryOptions

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Option(help: ArgumentHelp("Save the plan to apply it later exactly as reviewed.", valueName: "PLAN"))
    var out: String?

    @Flag(help: "Exit 2 when the plan has changes.")
    var detailedExitcode = false

    @Flag(help: .hidden)
    var perItemReads = false

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        let graph: StepGraph
        do {
            graph = try EnsureFieldCheck.load(path: job, varOverrides: try variables.overrides())
        } catch let error as DiagnosticsError {
            output.printDiagnostics(error.diagnostics)
            throw ExitStatus.invalidJob.code
        }
        // What `validate` warns of (a path or parameter Canvas does not document), said again before the plan: on
        // standard error, so that `--format json` stays JSON.
        if let text = try? String(contentsOfFile: job, encoding: .utf8) {
            output.printDiagnostics(EndpointLinter().lint(SourceFile(path: job, text: text)))
        }
        let plan = try await Self.makePlan(
            graph: graph, jobPath: job, target: target, state: state, output: output, readsListings: !perItemReads)
        switch format {
        case .text:
            var renderer = PlanRenderer(style: PlanStyle.forStandardOutput)
            renderer.showsReads = true
            renderer.render(plan) { output.printOut($0, terminator: "") }
        case .json:
            plan.writePrettyPrintedJSON { output.printOut($0, terminator: "") }
            output.printOut("")
        }
        if let out {
            try PlanFile.write(plan, to: out)
            if format == .text {
                // With the options that chose this Canvas and state, so that the command runs as printed.
                let apply = ResumeCommandLine.text(
                    ["easel", "apply", out] + ResumeCommandLine.arguments(target: target, state: state))
                output.printOut("Saved the plan to \(out); apply it with: \(apply)")
            }
        }
        if !plan.limitViolations.isEmpty { throw ExitCode.failure }
        if detailedExitcode, plan.summary.hasChanges { throw ExitStatus.planHasChanges.code }
    }

    /// The plan of a job on the chosen target; Canvas and planning failures are printed and exit 1.
    static func makePlan(
        graph: StepGraph,
        jobPath: String,
        target: CanvasTargetOptions,
        state: StateDirectoryOptions,
        output: TerminalOutput,
        readsListings: Bool = true
    ) async throws -> Plan {
        let logger = EaselLog.logger("easel.plan")
        do {
            return try await target.withSession(stateDirectory: state.stateDirectory) { session in
                var planner = Planner(
                    graph: graph, jobPath: jobPath, client: session.client, environment: session.environment,
                    easelVersion: EaselVersion.current, logger: logger)
                planner.readsListings = readsListings
                return try await planner.plan()
            }
        } catch let error as PlanningError {
            output.printError("error: \(error)")
            throw ExitStatus(reaching: error).code
        }
    }
}

/// Plan colours on a terminal: green creates, yellow updates, red deletes.
enum PlanStyle {
    static let forStandardOutput: @Sendable (String, PlanRenderer.Style) -> String = { text, style in
        guard TerminalOutput.stdoutIsTerminal else { return text }
        switch style {
        case .create: return text.green
        case .update: return text.yellow
        case .delete: return text.red
        case .unchanged, .muted: return text.dim
        case .request: return text.cyan
        case .heading: return text.bold
        case .warning: return text.red.bold
        }
    }
}
