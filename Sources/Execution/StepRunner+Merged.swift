import Foundation
import JSONValues
import JobSpec
import PlanModel
import RunContext

extension StepRunner {
    /// The item of an earlier step that `item` was merged into by the reviewed plan (both name the same object
    /// with the same fields), when this attempt must take its result rather than run it.
    func mergeTarget(of item: StepItem) -> MergeTarget? {
        guard case .ensure(_) = step.kind, earlier[item.key]?.state != .confirmed else { return nil }
        return executor.reviewedItems[step.id]?.items[item.key]?.mergedInto
            ?? executor.options.mergedItems[step.id]?[item.key]
    }

    /// Waits for the result of the item `item` was merged into and journals it as this item's, without writing:
    /// the object is the one that item created, updated or found. When that item did not succeed, neither does
    /// this one.
    func takeResult(of target: MergeTarget, for item: StepItem) async throws -> ItemResult {
        var taken: ItemResult?
        for await published in await board.items(of: target.stepID) where published.result.key == target.itemKey {
            taken = published.result
            break
        }
        guard let taken, taken.status.hasOutput else {
            let reason = "not run: it was merged into \(target.description), which did not succeed"
            try await executor.journal.record(
                ItemRecord(
                    runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: .skipped,
                    action: .none, errorMessage: reason, updatedAt: Date()))
            executor.progress.update(step.id) { $0.skipped += 1 }
            return ItemResult(key: item.key, input: item.value ?? .null, output: .null, status: .blocked)
        }
        let kept = keepsFullOutputs ? taken.output : taken.output["id"].map { ["id": $0] } ?? .null
        try await executor.journal.record(
            ItemRecord(
                runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: .confirmed,
                canvasID: taken.output["id"]?.interpolated, action: .none, outputs: kept, updatedAt: Date()))
        executor.progress.update(step.id) { $0.done += 1 }
        return ItemResult(key: item.key, input: item.value ?? .null, output: taken.output, status: taken.status)
    }
}
