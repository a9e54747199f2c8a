import Canvas
import JSONValues
import JobSpec
import PlanModel
import Resources
import RunContext

extension Planner {
    /// Plans one item of an `ensure` step: looks the object up by its key and diffs it with `set:`; returns,
    /// besides, the object it would create, for the lookups of later steps.
    func planEnsure(
        _ step: Step, item: StepItem, scope: RunScope, context: CanvasRequestContext, reads: SharedReads,
        creations: PlannedCreations
    ) async throws(PlanningError) -> (PlannedItem, ItemResult, PlannedCreation?) {
        guard let (kind, ensureItem) = try step.ensureItem(for: item, in: scope) else {
            throw PlanningError(.notAnEnsureStep, stepID: step.id)
        }
        let ensurePlan: EnsurePlan
        do {
            ensurePlan = try await kind.plan(
                ensureItem, client: client, logger: logger, context: context, reads: reads, creations: creations)
        } catch let error as ResourceError {
            var problem = PlanningError(.resource(error), stepID: step.id, itemKey: item.key)
            problem.concernsOnlyItsItem = true
            throw problem
        } catch {
            let cause = error as? CanvasError
            var problem = PlanningError(
                cause.map(PlanningProblem.canvas) ?? .unexpected(error), stepID: step.id, itemKey: item.key)
            problem.concernsOnlyItsItem = cause?.concernsOnlyItsRequest ?? false
            throw problem
        }
        let (live, action) = (ensurePlan.live, ensurePlan.action)
        let planned = PlannedAction(action, kind: kind, live: live)
        var plannedItem = PlannedItem(key: item.key, action: planned, before: live)
        plannedItem.notes = ensurePlan.notes
        let creation: PlannedCreation? =
            if case .create = action { PlannedCreation(kind: kind, item: ensurePlan.item) } else { nil }
        return (
            plannedItem,
            ItemResult(
                key: item.key, input: item.value ?? .null,
                output: kind.projectedOutput(of: action, live: live, itemKey: item.key), status: action.status
            ),
            creation
        )
    }
}
