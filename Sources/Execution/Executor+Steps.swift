import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import Resources
import RunContext

extension Executor {
    /// Runs one step once the steps it needs allow it; returns why the step as a whole could not run, if so.
    func runStep(
        _ id: String, board: StepBoard, global: AsyncLimiter, earlier: [String: ItemRecord],
        confirmed: [String: ItemAction]
    ) async -> StepFailure? {
        guard let step = graph.spec.steps[id] else { return nil }
        let dependencies = graph.dependencies[id] ?? [:]
        for (dependency, edge) in dependencies where edge == .wholeStep {
            let end = await board.end(of: dependency)
            if !end.allowsDependents {
                let failure = StepFailure.blocked(by: dependency)
                progress.update(id) { $0.blockedReason = failure.description }
                await board.finish(id, .halted(reason: failure.description), result: nil)
                return stop.isRequested ? nil : failure
            }
        }
        let source = dependencies.first { $0.value == .perItem }?.key
        let scope = await board.scope
        var runner = StepRunner(
            executor: self, step: step, scope: scope, earlier: earlier, confirmed: confirmed, board: board)
        let end: StepBoard.StepEnd
        let results: [ItemResult]
        do {
            if let source {
                (end, results) = try await runner.run(iterating: board.items(of: source), of: source, global: global)
            } else {
                switch try step.items(in: scope) {
                case .items(let items):
                    progress.update(id) { $0.total = items.count }
                    runner.listingReads = await readListings(
                        for: step, items.filter { confirmed[$0.key] == nil }, scope: scope, earlier: earlier)
                    (end, results) = try await runner.run(items, global: global)
                case .unknown(let reason):
                    throw PlanningError(.itemsUnknown(reason: reason), stepID: id)
                }
            }
        } catch {
            let failure = StepFailure.notStarted(error)
            progress.update(id) { $0.blockedReason = failure.description }
            if step.onError ?? graph.spec.defaults.onError == .stop { stop.request(.failed(stepID: id)) }
            await board.finish(id, .halted(reason: failure.description), result: nil)
            return failure
        }
        // A step no later step reads, and no export, leaves nothing in the scope: its items are in the journal.
        let result: StepResult? =
            if case .completed = end, runner.isRead {
                step.isFanOut
                    ? StepResult(items: results)
                    : results.first.map { StepResult(output: $0.output, status: $0.status) }
            } else { nil }
        var exportFailure: StepFailure?
        if let export = step.export, let result {
            do {
                try StepExport(export, url: exportLocation.resolve(export.path)).write(result, isFanOut: step.isFanOut)
            } catch {
                exportFailure = .exportFailed(path: export.path, error)
            }
        }
        await board.finish(id, end, result: result)
        return exportFailure
    }
}

extension Executor {
    /// Reads, as a plan does, the listings that answer the lookups of an `ensure` step's items no attempt has
    /// journaled, when `ReadCostModel` finds them cheaper; nil when the step reads none.
    ///
    /// The listings are read as the step begins, after the steps it needs, and answer only this step's items:
    /// each item's own object is one no other item of the step writes. Not read when the items trust the plan
    /// this process just made, which read them.
    func readListings(
        for step: Step, _ items: [StepItem], scope: RunScope, earlier: [String: ItemRecord]
    ) async -> SharedReads? {
        guard case .ensure = step.kind, !options.trustsReviewedReads else { return nil }
        let fresh = items.filter { earlier[$0.key] == nil }.compactMap { try? step.ensureItem(for: $0, in: scope) }
        guard fresh.count >= 2, let kind = fresh.first?.0 else { return nil }
        let reads = SharedReads.forApplying()
        do {
            try await kind.readListings(
                for: fresh.map(\.1), client: client, logger: logger, reads: reads, creations: runCreations.snapshot,
                width: options.parallelism ?? graph.spec.defaults.parallelism)
        } catch {
            return nil
        }
        return await reads.listings.readCounts.listings > 0 ? reads : nil
    }
}
