import Canvas
import Expressions
import Foundation
import JSONValues
import JobSpec
import Logging
import PlanModel
import Resources
import RunContext

/// One item of one step, carried out: its condition, its read or write, and its journal records before and after.
///
/// The shell around ``ItemLifecycle``: it restores what an earlier attempt journaled, checks the condition, and
/// drives every write, raw or `ensure`, through the machine (`ItemExecution+Write.swift`), with the client,
/// journal and clock at its edges.
struct ItemExecution: Sendable {
    let runner: StepRunner
    let item: StepItem
    /// What an earlier attempt of this run journaled for the item.
    let earlier: ItemRecord?
    /// The write this attempt journaled as intent, for the records that follow it.
    let attempt = JournaledAttempt()

    var executor: Executor { runner.executor }
    var step: Step { runner.step }
    /// The context of the item's reads.
    var context: CanvasRequestContext {
        .item(item.key, ofStep: step.id, retryPolicy: executor.retryPolicy(for: step))
    }

    /// Carries the item out and returns what later steps see of it; throws only when the journal fails.
    func run() async throws -> ItemResult {
        if let earlier, earlier.state == .confirmed {
            executor.progress.update(step.id) { $0.restored += 1 }
            return result(output: earlier.outputs ?? .null, status: earlier.action.resultStatus)
        }
        executor.progress.update(step.id) { $0.inFlight += 1 }
        defer { executor.progress.update(step.id) { $0.inFlight -= 1 } }
        do {
            guard try step.condition(for: item, in: runner.scope) == true else {
                let reason = "when: \(step.when?.description ?? "") is false"
                try await record(.skipped, action: .none, error: reason)
                executor.progress.update(step.id) { $0.skipped += 1 }
                return result(output: .null, status: .skipped)
            }
            switch step.kind {
            case .get, .request:
                guard
                    let request = try step.resolvedRequest(
                        for: item, in: runner.scope, defaults: executor.graph.spec.defaults)
                else { throw PlanningError(.stepHasNoRequest, stepID: step.id) }
                guard request.method != "GET", case .request(let spec) = step.kind else {
                    return try await read(request)
                }
                try ReviewedPlanCheck(reviewed: executor.reviewedItems[step.id], itemKey: item.key).check(
                    .request(method: request.method, path: request.path, query: request.query, body: request.body))
                var write = rawWrite(request, spec: spec)
                return try await drive(&write)
            case .ensure:
                var write = try ensureWrite()
                return try await drive(&write)
            case .upload(let upload):
                var write = try uploadWrite(upload)
                return try await drive(&write)
            }
        } catch let failure as ItemFailure {
            return try await fail(failure)
        } catch let refusal as WriteRefusal {
            // A write the guard refuses stops the whole run: the next item would be refused for the same reason.
            executor.stop.request(.failed(stepID: step.id))
            return try await fail(ItemFailure(state: .failed, .notAdmitted(refusal), status: nil))
        } catch let error as CanvasError {
            if let failure = RunLevelFailure.of(error) { executor.stop.request(.runFailure(failure)) }
            if case .inDoubt = error.kind { return try await fail(ItemFailure(state: .inDoubt, error)) }
            return try await fail(ItemFailure(state: .failed, error))
        } catch let error as JournalError {
            throw error
        } catch {
            return try await fail(ItemFailure(state: .failed, ItemProblem(error), status: nil))
        }
    }

    private func read(_ request: ResolvedRequest) async throws -> ItemResult {
        let output = try await executor.client.getAll(request.canvasRequest(context: context), logger: executor.logger)
        try await record(.confirmed, action: .read, httpStatus: 200, outputs: output)
        executor.permissionRefusals.done(stepID: step.id)
        executor.progress.update(step.id) { $0.done += 1 }
        return result(output: output, status: .read)
    }

    private func rawWrite(_ request: ResolvedRequest, spec: Step.RequestStep) -> RawWrite {
        let verifyRead = spec.verify.map {
            VerifyRead(
                verify: $0, scope: runner.scope.evaluationScope(item: item.value), client: executor.client,
                logger: executor.logger, context: context)
        }
        return RawWrite(
            request: request, spec: spec, itemValue: item.value, verifyRead: verifyRead, earlier: earlier,
            client: executor.client, logger: executor.logger)
    }

    private func ensureWrite() throws -> EnsureWrite {
        guard let (kind, ensureItem) = try step.ensureItem(for: item, in: runner.scope) else {
            throw PlanningError(.notAnEnsureStep, stepID: step.id)
        }
        let reviewed = executor.reviewedItems[step.id]
        let trusted =
            executor.options.trustsReviewedReads && earlier == nil && reviewed?.itemsUnknown == false
            ? reviewed?.items[item.key] : nil
        // Listings and this process's creations answer only an item no attempt has journaled: one that an earlier
        // process may have written is looked up.
        let isFresh = earlier == nil
        return EnsureWrite(
            kind: kind, item: ensureItem, earlier: earlier, trustedReview: trusted,
            review: ReviewedPlanCheck(reviewed: reviewed, itemKey: item.key), client: executor.client,
            logger: executor.logger, context: context,
            reads: isFresh ? runner.listingReads ?? executor.sharedReads : executor.sharedReads,
            creations: isFresh ? executor.runCreations.snapshot : PlannedCreations(),
            createdObjects: executor.runCreations)
    }

    func result(output: JSONValue, status: ItemStatus) -> ItemResult {
        ItemResult(key: item.key, input: item.value ?? .null, output: output, status: status)
    }
}
