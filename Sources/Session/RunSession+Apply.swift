import Diagnostics
public import Execution
public import Foundation
public import JSONValues
public import JobSpec
public import OrderedCollections
public import PlanModel
import Planning
import RunContext

/// A job or saved plan loaded for `apply`, before any Canvas is reached.
public struct ApplyRequest: Sendable {
    /// The job, with its variables set.
    public let graph: StepGraph
    /// The plan saved with `easel plan --out`, when one is applied.
    public let savedPlan: Plan?
    /// The job file's path as the run records it.
    public let jobPath: String
    /// The path given on the command line: the job, or the saved plan.
    public let argument: String
}

/// What `apply` was asked for besides the job.
public struct ApplyChoices: Sendable {
    /// `--parallelism`.
    public var parallelism: Int?
    /// `--auto-approve`.
    public var autoApprove = false
    /// `--confirm-production HOST`.
    public var confirmProduction: String?
    /// `--refresh`: with a saved plan, apply what the job wants now.
    public var refresh = false
    /// `--export-dir`.
    public var exportDirectory: URL?

    /// No choices: the defaults.
    public init() {}
}

extension RunSession {
    /// Loads the job, with the `--var` overrides `variableOverrides` gives, or the saved plan at `path` and its
    /// job (which must be unchanged since the plan), before any journal or Canvas is opened. A job that is not
    /// valid is printed on `output` as diagnostics (exit 65); a plan whose job changed is refused (exit 1).
    public static func prepareApply(
        _ path: String, variableOverrides: () throws -> [(String, String)], output: any SessionOutput
    ) throws -> ApplyRequest {
        do {
            if PlanFile.isPlanFile(path) {
                let plan = try PlanFile.read(from: path)
                let graph = try JobLoading.load(path: plan.header.jobPath, vars: plan.header.vars)
                if try JobFingerprint.hash(of: graph.spec) != plan.header.jobHash {
                    output.printError(
                        "error: \(plan.header.jobPath) or its input files changed since the plan was made; plan again")
                    throw SessionStop(.failed)
                }
                return ApplyRequest(graph: graph, savedPlan: plan, jobPath: plan.header.jobPath, argument: path)
            }
            let graph = try EnsureFieldCheck.load(path: path, varOverrides: try variableOverrides())
            return ApplyRequest(graph: graph, savedPlan: nil, jobPath: path, argument: path)
        } catch let error as DiagnosticsError {
            output.printDiagnostics(error.diagnostics)
            throw SessionStop(.invalidJob)
        } catch let error as PlanningError {
            output.printError("error: \(error)")
            throw SessionStop(.failed)
        }
    }

    /// Applies `request` on `canvas` as run `runID`: plans (or checks the saved plan's host), prints the plan,
    /// checks the job's limits, asks for approval, begins the run and executes it.
    public func apply(_ request: ApplyRequest, runID: RunID, on canvas: CanvasSession, choices: ApplyChoices)
        async throws -> RunOutcome
    {
        let graph = request.graph
        let jobLock = try await acquireJobLock(job: graph.spec.name, host: canvas.environment.host, runID: runID)
        defer { jobLock?.release() }
        let plan: Plan
        if let savedPlan = request.savedPlan {
            guard savedPlan.header.host == canvas.environment.host else {
                output.printError(
                    "error: the plan was made for \(savedPlan.header.host), not \(canvas.environment.host)")
                throw SessionStop(.failed)
            }
            plan = savedPlan
            if printsText {
                output.printOut(
                    "Applying the plan \(request.argument) (made \(savedPlan.header.createdAt)) of \(request.jobPath)")
            }
        } else {
            plan = try await self.plan(graph: graph, jobPath: request.jobPath, canvas: canvas)
            if printsText { output.printOut(PlanRenderer(style: planStyle).render(plan), terminator: "") }
        }
        // Counted again from the items and the job's limits: a plan file's own list is only informational.
        let violations = Planner.limitViolations(of: plan, limits: graph.spec.limits)
        if !violations.isEmpty {
            for violation in violations { output.printError("error: \(violation)") }
            throw SessionStop(.failed)
        }
        // With --refresh the run writes whatever the job wants now, whatever the plan showed. A saved plan
        // applied as it is was reviewed when it was saved: it is not asked about again (production still is).
        let confirmedHost = try approval(autoApprove: choices.autoApprove, confirmProduction: choices.confirmProduction)
            .approve(
                environment: canvas.environment, mayWrite: choices.refresh || plan.mayWrite(graph: graph),
                asksYes: request.savedPlan == nil || choices.refresh)
        try await beginRun(runID, graph: graph, jobPath: request.jobPath, environment: canvas.environment)
        var options = Executor.Options()
        options.parallelism = choices.parallelism
        options.reviewedPlan = choices.refresh ? nil : plan
        options.mergedItems = plan.mergedItems
        options.trustsReviewedReads = request.savedPlan == nil
        options.environment = canvas.environment
        options.allowedExportDirectory = choices.exportDirectory
        options.confirmedProductionHost = confirmedHost
        if printsText { output.printOut("Run \(runID) on \(canvas.environment.host)") }
        return try await execute(graph: graph, runID: runID, canvas: canvas, options: options)
    }
}

extension Plan {
    /// Whether applying the plan may write: it has writes, or a step that writes has items known only while
    /// running.
    public func mayWrite(graph: StepGraph) -> Bool {
        summary.hasChanges || steps.contains { $0.itemsUnknown != nil && graph.spec.steps[$0.id]?.writes == true }
    }
}

/// Loading a job as a run or a plan recorded it.
public enum JobLoading {
    /// The job at `path` with its variables set to `vars` (as a run or plan recorded them after `--var`).
    public static func load(path: String, vars: OrderedDictionary<String, JSONValue>) throws -> StepGraph {
        var spec = try JobFileDecoder().load(path: path)
        for (name, value) in vars where spec.vars[name] != nil {
            spec.vars[name]?.value = value
        }
        return try StepGraph(spec)
    }
}
