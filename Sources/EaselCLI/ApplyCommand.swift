import ArgumentParser
import Canvas
import Diagnostics
import Execution
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import Session

/// `easel apply JOB|PLAN`: plans (or reads a saved plan), asks for approval, and applies it with every item
/// journaled, so that `easel resume` can finish an interrupted run.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a job, or a saved plan exactly as reviewed, journaling every item.",
        discussion: """
            With a job file, Easel plans first, prints the plan and asks for approval (--auto-approve skips the \
            question). With a plan saved by `easel plan --out`, it applies that plan: each item is read again first, \
            and an item whose live object changed since the plan is refused (listed at the end) unless --refresh; \
            the saved plan is what was reviewed, so it is applied without asking (with --refresh it asks). \
            Applying to a production environment needs the host typed at the prompt or --confirm-production HOST, \
            also with --refresh and --auto-approve; the job's limits are counted again from the items. \
            Exits 0 when every item succeeded, 1 when something failed, 130 when interrupted; the run can then be \
            finished with `easel resume RUN_ID`.
            """
    )

    @Argument(help: ArgumentHelp("The job file, or a plan saved with `easel plan --out`.", valueName: "JOB|PLAN"))
    var job: String

    @OptionGroup var variables: VariableOptions
    @OptionGroup var target: CanvasTargetOptions
    @OptionGroup var state: StateDirectoryOptions
    @OptionGroup var lock: JobLockOptions

    @Option(help: "The most items in flight at once (default: the job's defaults.parallelism).")
    var parallelism: Int?

    @Flag(help: "Apply without asking for approval.")
    var autoApprove = false

    @Option(
        help: ArgumentHelp(
            "Confirms applying to this production host without a prompt (for scripts).", valueName: "HOST"))
    var confirmProduction: String?

    @Flag(help: "With a saved plan: apply what the job wants now, even to objects that changed since the plan.")
    var refresh = false

    @Option(
        help: ArgumentHelp(
            "A folder export: paths may write to besides the job file's own (relative paths then start there).",
            valueName: "DIR"))
    var exportDir: String?

    @Option(help: "text or json (a JSON summary at the end).")
    var format: OutputFormat = .text

    @Flag(help: .hidden)
    var journalInMemory = false

    func validate() throws {
        if let parallelism, parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
    }

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        var launcher = RunLauncher(output: output, format: format)
        let request = try await launcher.exitingOnStop {
            try RunSession.prepareApply(job, variableOverrides: { try variables.overrides() }, output: output)
        }
        let state = try target.journaling(self.state)
        let stateDirectory = state.stateDirectory
        launcher.resumeArguments = ResumeCommandLine.arguments(target: target, state: self.state)
        let session = try await launcher.session(state: state, lock: lock, inMemory: journalInMemory)
        let runID = RunID.generate()
        let requestLog = try stateDirectory.openRequestLog(runID)
        var choices = ApplyChoices()
        choices.parallelism = parallelism
        choices.autoApprove = autoApprove
        choices.confirmProduction = confirmProduction
        choices.refresh = refresh
        choices.exportDirectory = exportDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        try await target.withSession(stateDirectory: stateDirectory, requestLog: requestLog) { canvas in
            let outcome = try await launcher.exitingOnStop {
                try await launcher.watching(session, on: canvas).apply(
                    request, runID: runID, on: canvas, choices: choices)
            }
            try launcher.finish(outcome, on: canvas, stateDirectory: stateDirectory)
        }
    }
}
