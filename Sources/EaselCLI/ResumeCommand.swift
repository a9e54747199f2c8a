import ArgumentParser
import Canvas
import Diagnostics
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import Logging
import OrderedCollections
import Session

/// `easel resume RUN_ID`: finishes a run that failed or was interrupted, without doing anything twice.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract:
            "Finish a failed or interrupted run: skip what was confirmed, retry what failed, reconcile what is in doubt.",
        discussion: """
            Items the journal has as confirmed are not sent again; their outputs feed later steps. Failed items are \
            retried. A write whose answer was lost is looked up first (by the ensure key, or the request's verify: \
            read) and only sent when Canvas does not have it. A raw request without verify: stays in doubt until \
            you choose --in-doubt resend or --in-doubt assume-done. The job file and its inputs must be unchanged \
            unless --allow-changed-job.
            """
    )

    @Argument(help: ArgumentHelp("The run's id, as `easel runs` lists it, or 'latest'.", valueName: "RUN_ID"))
    var runID: String

    @OptionGroup var target: CanvasTargetOptions
    @OptionGroup var state: StateDirectoryOptions
    @OptionGroup var lock: JobLockOptions

    @Option(help: "The most items in flight at once (default: the job's defaults.parallelism).")
    var parallelism: Int?

    @Flag(
        help: """
            Resume even though the job file or its inputs changed since the run started: what is left to do is \
            planned again and shown, and asks for approval.
            """)
    var allowChangedJob = false

    @Flag(help: "With --allow-changed-job: write what the changed job plans without asking for approval.")
    var autoApprove = false

    @Option(
        help: ArgumentHelp(
            "Confirms resuming on this production host without a prompt (for scripts).", valueName: "HOST"))
    var confirmProduction: String?

    @Option(
        help: ArgumentHelp(
            "For raw writes in doubt without a verify: read: stop (report them), resend, or assume-done.",
            valueName: "POLICY"))
    var inDoubt: InDoubtChoice = .stop

    @Option(
        help: ArgumentHelp(
            "A folder export: paths may write to besides the job file's own (relative paths then start there).",
            valueName: "DIR"))
    var exportDir: String?

    @Option(help: "text or json (a JSON summary at the end).")
    var format: OutputFormat = .text

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let output = TerminalOutput()
        let state = try target.journaling(self.state)
        let stateDirectory = state.stateDirectory
        guard SharedState.journalExists(state) else {
            output.printError("error: no run '\(runID)': there is no journal in \(stateDirectory.url.path)")
            throw ExitCode.failure
        }
        var launcher = RunLauncher(output: output, format: format)
        launcher.resumeArguments = ResumeCommandLine.arguments(target: target, state: self.state)
        let session = try await launcher.session(state: state, lock: lock)
        guard
            let request = try await launcher.exitingOnStop({
                try await session.prepareResume(runID, allowChangedJob: allowChangedJob)
            })
        else { return }
        defer { request.removeRestoredFiles() }
        var choices = ResumeChoices()
        choices.parallelism = parallelism
        choices.allowChangedJob = allowChangedJob
        choices.autoApprove = autoApprove
        choices.confirmProduction = confirmProduction
        choices.inDoubtPolicy = inDoubt.policy
        choices.exportDirectory = exportDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
        let requestLog = try stateDirectory.openRequestLog(request.run.id)
        try await target.withSession(stateDirectory: stateDirectory, requestLog: requestLog) { canvas in
            let outcome = try await launcher.exitingOnStop {
                try await launcher.watching(session, on: canvas).resume(request, on: canvas, choices: choices)
            }
            try launcher.finish(outcome, on: canvas, stateDirectory: stateDirectory)
        }
    }
}

/// `--in-doubt`: the command-line spelling of `Executor.InDoubtPolicy`.
enum InDoubtChoice: String, ExpressibleByArgument, CaseIterable {
    case stop, resend
    case assumeDone = "assume-done"

    var policy: Executor.InDoubtPolicy {
        switch self {
        case .stop: .stop
        case .resend: .resend
        case .assumeDone: .assumeDone
        }
    }
}
