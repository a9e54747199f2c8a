import Canvas
import JSONValues
import JobSpec
import OrderedCollections
import Resources

extension Planner {
    /// Plans one item of an `ensure` step: looks the object up by its key and diffs it with `set:`.
    func planEnsure(_ step: Step, item: StepItem, scope: RunScope, context: CanvasRequestContext)
        async throws(PlanningError) -> (PlannedItem, ItemResult)
    {
        guard let (kind, ensureItem) = try step.ensureItem(for: item, in: scope) else {
            throw PlanningError("not an ensure step", stepID: step.id)
        }
        let live: JSONValue?
        let action: ResourceAction
        do {
            live = try await kind.lookup(ensureItem, client: client, logger: logger, context: context)
            action = try kind.plannedAction(for: ensureItem, live: live)
        } catch let error as ResourceError {
            throw PlanningError(error.description, stepID: step.id, itemKey: item.key)
        } catch {
            throw PlanningError("\(error)", stepID: step.id, itemKey: item.key)
        }
        let id = live?["id"] ?? .null
        let planned: PlannedAction =
            switch action {
            case .create(let fields): .create(kind: kind.name, fields: fields)
            case .update(let changes):
                .update(
                    kind: kind.name, id: id,
                    changes: changes.map { PlannedChange(field: $0.field, before: $0.before ?? .null, after: $0.after) }
                )
            case .delete(let options):
                .delete(
                    kind: kind.name, id: id,
                    detail: options.isEmpty
                        ? nil : options.map { "\($0.key) \($0.value.interpolated)" }.joined(separator: ", ")
                )
            case .unchanged: .unchanged(kind: kind.name, id: id)
            }
        return (
            PlannedItem(key: item.key, action: planned, before: live),
            ItemResult(
                key: item.key, input: item.value ?? .null,
                output: kind.projectedOutput(of: action, live: live, itemKey: item.key), status: action.status
            )
        )
    }
}
