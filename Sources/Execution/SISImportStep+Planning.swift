import Canvas
import Expressions
import Foundation
import JSONValues
import JobSpec
import Logging
import PlanModel
import Resources
import RunContext

/// One item of a `via: sis_import` step that changes Canvas, with its row.
struct SISPlannedRow: Sendable {
    let item: StepItem
    let ensureItem: EnsureItem
    let plan: EnsurePlan
    let action: ItemAction
    let counted: CountedWrite
}

extension SISImportStep {
    /// Reads and diffs every item as the API transport does; settles the unchanged, skipped and failed ones at
    /// once and returns the items that change Canvas, in item order.
    func plannedRows(of items: [StepItem], into results: SISResults) async throws -> [SISPlannedRow] {
        let parallelism = step.parallelism ?? executor.options.parallelism ?? executor.graph.spec.defaults.parallelism
        var rows: [Int: SISPlannedRow] = [:]
        var next = 0
        while next < items.count {
            if executor.stop.isRequested { break }
            let chunk = items[next..<min(next + parallelism, items.count)]
            next += parallelism
            let planned = try await withThrowingTaskGroup(of: (Int, SISPlannedRow?).self) { group in
                for item in chunk {
                    group.addTask { (item.index, try await self.plannedRow(of: item, into: results)) }
                }
                var found: [(Int, SISPlannedRow?)] = []
                for try await pair in group { found.append(pair) }
                return found
            }
            for case (let index, let row?) in planned { rows[index] = row }
        }
        return rows.keys.sorted().compactMap { rows[$0] }
    }

    private func plannedRow(of item: StepItem, into results: SISResults) async throws -> SISPlannedRow? {
        let context = CanvasRequestContext.item(item.key, ofStep: step.id, retryPolicy: executor.retryPolicy(for: step))
        do {
            guard try step.condition(for: item, in: runner.scope) == true else {
                let reason = "when: \(step.when?.description ?? "") is false"
                try await record(item, .skipped, action: .none, error: reason)
                executor.progress.update(step.id) { $0.skipped += 1 }
                await publish(
                    ItemResult(key: item.key, input: item.value ?? .null, output: .null, status: .skipped),
                    of: item, into: results)
                return nil
            }
            guard let (kind, ensureItem) = try step.ensureItem(for: item, in: runner.scope) else { return nil }
            let plan = try await reviewedOrFreshPlan(kind, ensureItem, item: item, context: context)
            let planned = PlannedAction(plan.action, kind: kind, live: plan.live)
            try checkReviewed(planned, item: item)
            let action: ItemAction
            switch plan.action {
            case .unchanged:
                try await record(
                    item, .confirmed, action: .none, httpStatus: 200, outputs: plan.live ?? .null, plan: plan)
                executor.progress.update(step.id) { $0.done += 1 }
                await publish(
                    ItemResult(
                        key: item.key, input: item.value ?? .null, output: plan.live ?? .null, status: .unchanged),
                    of: item, into: results)
                return nil
            case .create: action = .create
            case .update: action = .update
            case .delete: action = .delete
            }
            // Checked now, so that an item that cannot be a row fails alone instead of failing its batch.
            _ = try format.row(for: ensureItem, action: plan.action, live: plan.live, header: [])
            return SISPlannedRow(
                item: item, ensureItem: ensureItem, plan: plan, action: action,
                counted: planned.countedWrite ?? .change)
        } catch let problem as SISRowProblem {
            try await fail(item, .sisRow(problem), action: .none, into: results)
        } catch let failure as ItemFailure {
            try await fail(item, failure.problem, action: .none, state: failure.state, into: results)
        } catch let error as JournalError {
            throw error
        } catch {
            try await fail(item, ItemProblem(error), action: .none, into: results)
        }
        return nil
    }

    /// The item's plan: from the object the reviewed plan read when this process made that plan moments ago and
    /// it still gives the planned action; otherwise read from Canvas now.
    private func reviewedOrFreshPlan(
        _ kind: ResourceKind, _ ensureItem: EnsureItem, item: StepItem, context: CanvasRequestContext
    ) async throws -> EnsurePlan {
        if executor.options.trustsReviewedReads, runner.earlier[item.key] == nil,
            let reviewed = executor.reviewedItems[step.id], !reviewed.itemsUnknown,
            let planned = reviewed.items[item.key]
        {
            let resolved = try await kind.resolvingReferences(
                in: ensureItem, client: executor.client, logger: executor.logger, context: context,
                reads: executor.sharedReads)
            let action = try kind.plannedAction(for: resolved, live: planned.before)
            if PlannedAction(action, kind: kind, live: planned.before) == planned.action {
                return EnsurePlan(item: resolved, live: planned.before, action: action)
            }
        }
        return try await kind.plan(
            ensureItem, client: executor.client, logger: executor.logger, context: context,
            reads: executor.sharedReads)
    }

    private func checkReviewed(_ fresh: PlannedAction, item: StepItem) throws(ItemFailure) {
        guard let plannedStep = executor.reviewedItems[step.id], !plannedStep.itemsUnknown else { return }
        guard let planned = plannedStep.items[item.key] else {
            throw ItemFailure(state: .refused, .notInReviewedPlan, status: nil)
        }
        guard planned.action.admits(fresh) else {
            throw ItemFailure(state: .refused, .changedSincePlan(planned: planned.action, now: fresh), status: nil)
        }
    }
}
