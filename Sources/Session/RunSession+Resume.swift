import Diagnostics
public import Execution
public import Foundation
import JSONValues
public import JobSpec
import OrderedCollections
import PlanModel
import Planning
import RunContext

/// A run found in the journal and its job loaded, ready to resume once a Canvas is reached.
public struct ResumeRequest: Sendable {
    /// The run as the journal has it.
    public let run: RunRecord
    /// Its job, with the run's variables.
    public let graph: StepGraph
    /// Whether the job or its inputs changed since the run began (and `--allow-changed-job` let it resume).
    public let jobChanged: Bool
    /// The temporary folder the job and inputs were restored into from the shared journal, if they were.
    public let restoredFolder: URL?

    /// Removes the folder the job was restored into, if any.
    public func removeRestoredFiles() {
        if let restoredFolder { try? FileManager.default.removeItem(at: restoredFolder) }
    }
}

/// What `resume` was asked for besides the run.
public struct ResumeChoices: Sendable {
    /// `--parallelism`.
    public var parallelism: Int?
    /// `--allow-changed-job`.
    public var allowChangedJob = false
    /// `--auto-approve`.
    public var autoApprove = false
    /// `--confirm-production HOST`.
    public var confirmProduction: String?
    /// `--in-doubt`.
    public var inDoubtPolicy: Executor.InDoubtPolicy = .stop
    /// `--export-dir`.
    public var exportDirectory: URL?

    /// No choices: the defaults.
    public init() {}
}

extension RunSession {
    /// Finds run `runID` (or `latest`) and loads its job: refused (exit 1) when the run is unknown, still going
    /// in a live process, or its job changed without `allowChangedJob`. Nil, after saying so, when the run
    /// already succeeded.
    public func prepareResume(_ runID: String, allowChangedJob: Bool) async throws -> ResumeRequest? {
        let found = runID == "latest" ? try await journal.latestRun() : try await journal.run(RunID(rawValue: runID))
        guard let run = found else {
            output.printError("error: no run '\(runID)' in the journal; `easel runs` lists the runs")
            throw SessionStop(.failed)
        }
        if run.status == .succeeded {
            output.printOut("Run \(run.id) already succeeded; nothing to resume.")
            return nil
        }
        if let pid = liveProcess(running: run.id) {
            output.printError("error: run \(run.id) is still going (process \(pid)); stop it first")
            throw SessionStop(.failed)
        }
        let (jobPath, restoredFolder) = try await StoredRunFiles.jobPath(for: run, in: journal)
        var removesRestoredFiles = true
        defer {
            if removesRestoredFiles, let restoredFolder { try? FileManager.default.removeItem(at: restoredFolder) }
        }
        if restoredFolder != nil, printsText {
            output.printOut("\(run.jobPath) is not here: resuming from the job and inputs stored with run \(run.id)")
        }
        let graph: StepGraph
        var jobChanged = false
        do {
            graph = try JobLoading.load(path: jobPath, vars: run.variables)
            if try JobFingerprint.hash(of: graph.spec) != run.jobHash {
                let changes = try changes(since: run, to: graph.spec)
                guard allowChangedJob else {
                    output.printError("error: the job changed since run \(run.id) started:")
                    for change in changes { output.printError("  \(change)") }
                    output.printError("Resume anyway with --allow-changed-job, or start a new run with easel apply.")
                    throw SessionStop(.failed)
                }
                jobChanged = true
                if printsText {
                    output.printOut("Resuming although the job changed: " + changes.joined(separator: "; "))
                }
            }
        } catch let error as DiagnosticsError {
            output.printDiagnostics(error.diagnostics)
            throw SessionStop(.invalidJob)
        } catch let error as PlanningError {
            output.printError(ExitStatus.message(reaching: error))
            throw SessionStop(ExitStatus(reaching: error))
        }
        removesRestoredFiles = false
        return ResumeRequest(run: run, graph: graph, jobChanged: jobChanged, restoredFolder: restoredFolder)
    }

    /// Resumes `request` on `canvas`: the same host only, under the job's lock and the run's lease; a changed job's
    /// remaining work planned, shown and approved; then the executor.
    public func resume(_ request: ResumeRequest, on canvas: CanvasSession, choices: ResumeChoices) async throws
        -> RunOutcome
    {
        let run = request.run
        let graph = request.graph
        guard canvas.environment.host == run.environmentHost else {
            output.printError(
                "error: run \(run.id) was applied to \(run.environmentHost), not \(canvas.environment.host); "
                    + "resume it with the same --env or --base-url")
            // The options chose another Canvas: a usage mistake, nothing was tried.
            throw SessionStop(.usage)
        }
        let jobLock = try await acquireJobLock(job: graph.spec.name, host: canvas.environment.host, runID: run.id)
        defer { jobLock?.release() }
        do {
            try await lock(run.id)
        } catch let error as JournalError {
            output.printError("error: \(error)")
            if case .runLocked = error { throw SessionStop(.temporary) }
            throw SessionStop(.failed)
        }
        // The changed job's remaining work was never reviewed: plan it, show it, and hold the run to it.
        let reviewed = request.jobChanged ? try await planOfWhatIsLeft(run: run, graph: graph, canvas: canvas) : nil
        let confirmedHost = try approval(autoApprove: choices.autoApprove, confirmProduction: choices.confirmProduction)
            .approve(
                environment: canvas.environment, mayWrite: reviewed?.mayWrite(graph: graph) ?? true,
                asksYes: reviewed != nil)
        try await journal.reopenRun(run.id)
        markRunning(run.id)
        var options = Executor.Options()
        options.parallelism = choices.parallelism
        options.inDoubtPolicy = choices.inDoubtPolicy
        options.reviewedPlan = reviewed
        options.environment = canvas.environment
        options.allowedExportDirectory = choices.exportDirectory
        options.confirmedProductionHost = confirmedHost
        if printsText { output.printOut("Resuming run \(run.id) on \(canvas.environment.host)") }
        return try await execute(graph: graph, runID: run.id, canvas: canvas, options: options)
    }

    /// The plan of the changed job without the items the run already confirmed (resume does not touch them),
    /// printed; a plan over the job's limits stops here.
    private func planOfWhatIsLeft(run: RunRecord, graph: StepGraph, canvas: CanvasSession) async throws -> Plan {
        let planner = Planner(
            graph: graph, jobPath: run.jobPath, client: canvas.client, environment: canvas.environment,
            easelVersion: easelVersion, logger: logger("easel.plan"))
        var plan: Plan
        do {
            plan = try await planner.plan()
        } catch {
            output.printError(ExitStatus.message(reaching: error))
            throw SessionStop(ExitStatus(reaching: error))
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
        if printsText {
            output.printOut("What is left to do under the changed job:")
            output.printOut(PlanRenderer(style: planStyle).render(plan), terminator: "")
        }
        return plan
    }

    /// What changed in the job and its inputs since `run` began, from the copy and hashes in the run's folder.
    private func changes(since run: RunRecord, to spec: JobSpec) throws -> [String] {
        let folder = stateDirectory.runFolder(run.id)
        guard let oldText = try? String(contentsOf: folder.appendingPathComponent("job.yaml"), encoding: .utf8) else {
            return ["the job file or its inputs changed (the run's copy of the job is missing)"]
        }
        var oldInputs: [String: String] = [:]
        var oldUploads: [String: String]?
        if let text = try? String(contentsOf: folder.appendingPathComponent("fingerprint.json"), encoding: .utf8),
            let fingerprint = try? JSONValue(parsing: text)
        {
            for (name, hash) in fingerprint["inputs"]?.objectValue ?? [:] { oldInputs[name] = hash.stringValue }
            // A run begun before uploads were fingerprinted has none to compare.
            oldUploads = fingerprint["uploads"]?.objectValue.map { $0.compactMapValues(\.stringValue) }.map {
                Dictionary(uniqueKeysWithValues: $0.map { ($0.key, $0.value) })
            }
        }
        let changes = try JobFingerprint.changes(
            fromText: oldText, inputHashes: oldInputs, uploadHashes: oldUploads, to: spec)
        return changes.isEmpty ? ["the job file or its inputs changed"] : changes
    }
}
