import Canvas
import Foundation
import JSONValues
import JobSpec
import Logging
import RunContext

extension ItemExecution {
    /// The context of the item's write, whose observer journals the item as sent when its first request leaves
    /// and keeps the status Canvas answered with.
    func writeContext() -> CanvasRequestContext {
        let execution = self
        let observer = ItemWriteObserver {
            guard let action = execution.attempt.action else { return }
            // A journal that fails here fails again at the item's next record, which reports it.
            try? await execution.record(
                .sent, action: action, attempts: execution.attempt.attempts(earlier: execution.earlier))
        }
        return .item(item.key, ofStep: step.id, observer: observer, retryPolicy: executor.retryPolicy(for: step))
    }

    /// Journals the item as confirmed and returns what later steps see of it.
    func confirm(_ write: ConfirmedWrite) async throws -> ItemResult {
        // A raw write that has no verify: read is durable before later steps see it: after a kill, journaled
        // only as intent, it would come back in doubt for someone to settle. Other writes are found again by
        // their key or verify: read at the cost of one read, so they share the next batch's commit.
        try await record(
            .confirmed, action: write.action, attempts: attempt.attempts(earlier: earlier),
            canvasID: write.output["id"]?.interpolated, httpStatus: write.httpStatus, outputs: write.output,
            durable: write.action == .request && !step.canBeVerified, beforeValues: write.beforeValues,
            outcome: write.outcome, changedFields: write.changedFields)
        executor.permissionRefusals.done(stepID: step.id)
        executor.progress.update(step.id) { $0.done += 1 }
        return result(output: write.output, status: write.status)
    }

    /// Journals the item's failure, stops the run when the step says so, and returns what later steps see.
    func fail(_ failure: ItemFailure) async throws -> ItemResult {
        try await record(
            failure.state, action: attempt.action ?? earlier?.action ?? .none,
            attempts: attempt.attempts(earlier: earlier), canvasID: failure.outputs?["id"]?.interpolated,
            httpStatus: failure.status, outputs: failure.outputs, error: failure.message, durable: true)
        executor.progress.update(step.id) { $0.failed += 1 }
        executor.runLevelHits.note(failure.problem, stepID: step.id, itemKey: item.key)
        if let error = failure.canvasError,
            let runFailure = executor.permissionRefusals.refused(error, stepID: step.id)
        {
            executor.stop.request(.runFailure(runFailure))
        }
        if (step.onError ?? executor.graph.spec.defaults.onError) == .stop {
            executor.stop.request(.failed(stepID: step.id))
        }
        executor.logger.warning("\(step.id) \(item.key): \(failure.message)")
        return result(output: .null, status: .failed)
    }

    /// Journals the item in `state`; an intent is remembered for the records that follow it.
    func record(
        _ state: ItemState, action: ItemAction, attempts: Int = 0, canvasID: String? = nil, httpStatus: Int? = nil,
        outputs: JSONValue? = nil, error: String? = nil, durable: Bool = false, beforeValues: JSONValue? = nil,
        outcome: ItemOutcome? = nil, changedFields: [String] = []
    ) async throws {
        if state == .intent { attempt.note(action: action, attempts: attempts, beforeValues: beforeValues) }
        // An answered write keeps all of its answer: resume follows the job it names.
        let kept = outputs.map {
            runner.keepsFullOutputs || state == .answered ? $0 : $0["id"].map { ["id": $0] } ?? .null
        }
        try await executor.journal.record(
            ItemRecord(
                runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: state,
                attempts: attempts, canvasID: canvasID, action: action, httpStatus: httpStatus, outputs: kept,
                errorMessage: error, updatedAt: Date(), beforeValues: beforeValues ?? attempt.beforeValues,
                outcome: outcome ?? ItemOutcome(state: state, action: action), changedFields: changedFields),
            durable: durable)
    }
}
