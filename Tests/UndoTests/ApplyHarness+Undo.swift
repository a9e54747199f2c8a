import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import Undo

/// What undo tests do with the shared harness: apply a job the way `easel apply PLAN` does, undo it the way
/// `easel undo` does, and change Canvas by hand in between.
extension ApplyHarness {
    /// Plans `graph` and applies exactly that plan in a new journaled run, as `easel apply PLAN` does.
    @discardableResult
    func apply(_ graph: StepGraph, jobPath: String) async throws -> (RunID, RunOutcome) {
        let plan = try await plan(graph, jobPath: jobPath)
        let id = try await beginRun(graph, jobPath: jobPath)
        let outcome = try await execute(graph, run: id) { $0.reviewedPlan = plan }
        return (id, outcome)
    }

    /// What undoing run `id` of `graph` takes.
    func undoWork(_ id: RunID, of graph: StepGraph?, options: UndoOptions = .init()) async throws -> UndoWork {
        try await UndoPlanner(journal: journal, client: client, graph: graph, logger: Self.logger)
            .plan(run: id, options: options)
    }

    /// Undoes run `id`: writes the undo job, plans it and applies that plan; returns what was left alone and how
    /// the undo run ended.
    @discardableResult
    func undo(_ id: RunID, of graph: StepGraph?, options: UndoOptions = .init()) async throws -> (
        work: UndoWork, outcome: RunOutcome, plan: Plan
    ) {
        let work = try await undoWork(id, of: graph, options: options)
        let job = UndoJob(undoing: id.rawValue, jobPath: "job.yaml", requests: work.requests)
        let path = try job.write(to: folder.appendingPathComponent("undo-\(id.rawValue)", isDirectory: true))
        let undoGraph = try StepGraph.load(path: path)
        let plan = try await plan(undoGraph, jobPath: path)
        let (_, outcome) = try await apply(undoGraph, jobPath: path)
        return (work, outcome, plan)
    }

    /// A write through the client, as someone changing Canvas by hand.
    func put(_ path: String, body: JSONValue) async throws {
        _ = try await client.json(CanvasRequest(.put, path, body: .form(body)), logger: Self.logger)
    }
}
