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
import Planning

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
        var launcher = try await RunLauncher(state: state, format: format, output: output)
        launcher.resumeArguments = ResumeCommandLine.arguments(target: target, state: self.state)
        let found =
            runID == "latest"
            ? try await launcher.journal.latestRun() : try await launcher.journal.run(RunID(rawValue: runID))
        guard let run = found else {
            output.printError("error: no run '\(runID)' in the journal; `easel runs` lists the runs")
            throw ExitCode.failure
        }
        if run.status == .succeeded {
            output.printOut("Run \(run.id) already succeeded; nothing to resume.")
            return
        }
        if let pid = launcher.liveProcess(running: run.id) {
            output.printError("error: run \(run.id) is still going (process \(pid)); stop it first")
            throw ExitCode.failure
        }
        let (jobPath, restoredFolder) = try await StoredRunFiles.jobPath(for: run, in: launcher.journal)
        defer { if let restoredFolder { try? FileManager.default.removeItem(at: restoredFolder) } }
        if restoredFolder != nil, format == .text {
            output.printOut("\(run.jobPath) is not here: resuming from the job and inputs stored with run \(run.id)")
        }
        let graph: StepGraph
        var jobChanged = false
        do {
            graph = try JobLoading.load(path: jobPath, vars: run.variables)
            if try JobFingerprint.hash(of: graph.spec) != run.jobHash {
                let changes = try changes(since: run, to: graph.spec, in: stateDirectory)
                guard allowChangedJob else {
                    output.printError("error: the job changed since run \(run.id) started:")
                    for change in changes { output.printError("  \(change)") }
                    output.printError("Resume anyway with --allow-changed-job, or start a new run with easel apply.")
                    throw ExitCode.failure
                }
                jobChanged = true
                if format == .text {
                    output.printOut("Resuming although the job changed: " + changes.joined(separator: "; "))
                }
            }
        } catch let error as DiagnosticsError {
            output.printDiagnostics(error.diagnostics)
            throw ExitStatus.invalidJob.code
        } catch let error as PlanningError {
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
        let requestLog = try RequestLog(path: stateDirectory.requestLogURL(run.id).path)
        try await target.withSession(stateDirectory: stateDirectory, requestLog: requestLog) { session in
            guard session.environment.host == run.environmentHost else {
                output.printError(
                    "error: run \(run.id) was applied to \(run.environmentHost), not \(session.environment.host); "
                        + "resume it with the same --env or --base-url")
                throw ExitCode.failure
            }
            let jobLock = try await lock.acquire(
                job: graph.spec.name, host: session.environment.host, runID: run.id, state: state, output: output)
            defer { jobLock.release() }
            do {
                try await launcher.lock(run.id)
            } catch let error as JournalError {
                output.printError("error: \(error)")
                if case .runLocked = error { throw JobLockOptions.refusedExitCode }
                throw ExitCode.failure
            }
            // The changed job's remaining work was never reviewed: plan it, show it, and hold the run to it.
            let reviewed =
                jobChanged
                ? try await planOfWhatIsLeft(
                    run: run, graph: graph, session: session, journal: launcher.journal, output: output) : nil
            let approval = WriteApproval(
                autoApprove: autoApprove, confirmProduction: confirmProduction, output: output)
            let confirmedHost = try approval.approve(
                environment: session.environment, mayWrite: reviewed?.mayWrite(graph: graph) ?? true,
                asksYes: reviewed != nil)
            try await launcher.journal.reopenRun(run.id)
            launcher.markRunning(run.id)
            var options = Executor.Options()
            options.parallelism = parallelism
            options.inDoubtPolicy = inDoubt.policy
            options.reviewedPlan = reviewed
            options.environment = session.environment
            options.allowedExportDirectory = exportDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
            options.confirmedProductionHost = confirmedHost
            if format == .text { output.printOut("Resuming run \(run.id) on \(session.environment.host)") }
            try await launcher.execute(graph: graph, runID: run.id, session: session, options: options)
        }
    }

    /// The plan of the changed job without the items the run already confirmed (resume does not touch them),
    /// printed; a plan over the job's limits stops here.
    private func planOfWhatIsLeft(
        run: RunRecord, graph: StepGraph, session: CanvasSession, journal: any JournalStore, output: TerminalOutput
    ) async throws -> Plan {
        let planner = Planner(
            graph: graph, jobPath: run.jobPath, client: session.client, environment: session.environment,
            easelVersion: EaselVersion.current,
            logger: EaselLog.logger("easel.plan"))
        var plan: Plan
        do {
            plan = try await planner.plan()
        } catch {
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
        var confirmed: [String: Set<String>] = [:]
        for record in try await journal.items(run: run.id, states: [.confirmed]) {
            confirmed[record.stepID, default: []].insert(record.itemKey)
        }
        for index in plan.steps.indices {
            let done = confirmed[plan.steps[index].id] ?? []
            plan.steps[index].items.removeAll { done.contains($0.key) }
        }
        // The run's write guard counts the limits, with the writes the run already made.
        plan.limitViolations = []
        if format == .text {
            output.printOut("What is left to do under the changed job:")
            output.printOut(PlanRenderer(style: PlanStyle.forStandardOutput).render(plan), terminator: "")
        }
        return plan
    }

    private func changes(since run: RunRecord, to spec: JobSpec, in stateDirectory: StateDirectory) throws -> [String] {
        let folder = stateDirectory.runFolder(run.id)
        guard let oldText = try? String(contentsOf: folder.appendingPathComponent("job.yaml"), encoding: .utf8) else {
            return ["the job file or its inputs changed (the run's copy of the job is missing)"]
        }
        var oldInputs: [String: String] = [:]
        if let text = try? String(contentsOf: folder.appendingPathComponent("fingerprint.json"), encoding: .utf8),
            let inputs = try? JSONValue(parsing: text)["inputs"]?.objectValue
        {
            for (name, hash) in inputs { oldInputs[name] = hash.stringValue }
        }
        let changes = try JobFingerprint.changes(fromText: oldText, inputHashes: oldInputs, to: spec)
        return changes.isEmpty ? ["the job file or its inputs changed"] : changes
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
