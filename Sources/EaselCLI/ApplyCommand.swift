import ArgumentParser
import Canvas
import Diagnostics
import Execution
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import Planning

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
        let savedPlan: Plan?
        let graph: StepGraph
        do {
            if PlanFile.isPlanFile(job) {
                let plan = try PlanFile.read(from: job)
                graph = try JobLoading.load(path: plan.header.jobPath, vars: plan.header.vars)
                if try JobFingerprint.hash(of: graph.spec) != plan.header.jobHash {
                    output.printError(
                        "error: \(plan.header.jobPath) or its input files changed since the plan was made; plan again")
                    throw ExitCode.failure
                }
                savedPlan = plan
            } else {
                graph = try EnsureFieldCheck.load(path: job, varOverrides: try variables.overrides())
                savedPlan = nil
            }
        } catch let error as DiagnosticsError {
            output.printDiagnostics(error.diagnostics)
            throw ExitStatus.invalidJob.code
        } catch let error as PlanningError {
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
        let state = try target.journaling(self.state)
        let stateDirectory = state.stateDirectory
        var launcher = try await RunLauncher(state: state, format: format, output: output, inMemory: journalInMemory)
        launcher.resumeArguments = ResumeCommandLine.arguments(target: target, state: self.state)
        let runID = RunID.generate()
        let requestLog = try RequestLog(path: stateDirectory.requestLogURL(runID).path)
        let jobPath = savedPlan?.header.jobPath ?? job
        try await target.withSession(stateDirectory: stateDirectory, requestLog: requestLog) { session in
            let jobLock: (any JobLock)? =
                journalInMemory
                ? nil
                : try await lock.acquire(
                    job: graph.spec.name, host: session.environment.host, runID: runID, state: state, output: output)
            defer { jobLock?.release() }
            let plan: Plan
            if let savedPlan {
                guard savedPlan.header.host == session.environment.host else {
                    output.printError(
                        "error: the plan was made for \(savedPlan.header.host), not \(session.environment.host)")
                    throw ExitCode.failure
                }
                plan = savedPlan
                if format == .text {
                    output.printOut("Applying the plan \(job) (made \(savedPlan.header.createdAt)) of \(jobPath)")
                }
            } else {
                plan = try await Self.plan(graph: graph, jobPath: jobPath, session: session, output: output)
                if format == .text {
                    output.printOut(PlanRenderer(style: PlanStyle.forStandardOutput).render(plan), terminator: "")
                }
            }
            // Counted again from the items and the job's limits: a plan file's own list is only informational.
            let violations = Planner.limitViolations(of: plan, limits: graph.spec.limits)
            if !violations.isEmpty {
                for violation in violations { output.printError("error: \(violation)") }
                throw ExitCode.failure
            }
            let approval = WriteApproval(
                autoApprove: autoApprove, confirmProduction: confirmProduction, output: output)
            // With --refresh the run writes whatever the job wants now, whatever the plan showed. A saved plan
            // applied as it is was reviewed when it was saved: it is not asked about again (production still is).
            let confirmedHost = try approval.approve(
                environment: session.environment, mayWrite: refresh || plan.mayWrite(graph: graph),
                asksYes: savedPlan == nil || refresh)
            try await launcher.beginRun(
                runID, graph: graph, jobPath: jobPath, environment: session.environment)
            var options = Executor.Options()
            options.parallelism = parallelism
            options.reviewedPlan = refresh ? nil : plan
            options.mergedItems = plan.mergedItems
            options.trustsReviewedReads = savedPlan == nil
            options.environment = session.environment
            options.allowedExportDirectory = exportDir.map { URL(fileURLWithPath: $0, isDirectory: true) }
            options.confirmedProductionHost = confirmedHost
            if format == .text { output.printOut("Run \(runID) on \(session.environment.host)") }
            try await launcher.execute(graph: graph, runID: runID, session: session, options: options)
        }
    }

    private static func plan(graph: StepGraph, jobPath: String, session: CanvasSession, output: TerminalOutput)
        async throws -> Plan
    {
        let planner = Planner(
            graph: graph, jobPath: jobPath, client: session.client, environment: session.environment,
            easelVersion: EaselVersion.current,
            logger: EaselLog.logger("easel.plan"))
        do {
            return try await planner.plan()
        } catch {
            output.printError(ExitStatus.message(reaching: error))
            throw ExitStatus(reaching: error).code
        }
    }
}

extension Plan {
    /// Whether applying the plan may write: it has writes, or a step that writes has items known only while
    /// running.
    func mayWrite(graph: StepGraph) -> Bool {
        summary.hasChanges || steps.contains { $0.itemsUnknown != nil && graph.spec.steps[$0.id]?.writes == true }
    }
}

/// Loading a job as a run or a plan recorded it.
enum JobLoading {
    /// The job at `path` with its variables set to `vars` (as a run or plan recorded them after `--var`).
    static func load(path: String, vars: OrderedDictionary<String, JSONValue>) throws -> StepGraph {
        var spec = try JobFileDecoder().load(path: path)
        for (name, value) in vars where spec.vars[name] != nil {
            spec.vars[name]?.value = value
        }
        return try StepGraph(spec)
    }
}
