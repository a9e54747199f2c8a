import Expressions
public import JSONValues
public import JobSpec
import OrderedCollections
public import Resources

extension Step {
    /// An `ensure` step's item with `in:`, `key:` and `set:` evaluated; nil for other kinds.
    public func ensureItem(for item: StepItem, in scope: RunScope) throws(PlanningError) -> (ResourceKind, EnsureItem)?
    {
        guard case .ensure(let ensure) = kind else { return nil }
        let evaluation = scope.evaluationScope(item: item.value)
        do {
            let resourceKind = try ResourceKinds.named(ensure.kind.rawValue)
            let parent = try ensure.parent?.evaluate(in: evaluation)
            let key = try ensure.key.evaluate(in: evaluation)
            let set = try ensure.set?.evaluate(in: evaluation) ?? [:]
            let create = try ensure.create?.evaluate(in: evaluation) ?? [:]
            guard let keyFields = key.objectValue, let setFields = set.objectValue,
                let createFields = create.objectValue
            else {
                throw PlanningError(.ensureFieldsNotMappings, stepID: id, itemKey: item.key)
            }
            let ensureItem = EnsureItem(
                parent: parent, key: keyFields, set: setFields, create: createFields,
                state: ensure.state == .absent ? .absent : .present
            )
            return (resourceKind, ensureItem)
        } catch let error as EvaluationError {
            throw PlanningError(.evaluation(error), stepID: id, itemKey: item.key, range: error.range)
        } catch let error as ResourceError {
            throw PlanningError(.resource(error), stepID: id, itemKey: item.key)
        } catch let error as PlanningError {
            throw error
        } catch {
            throw PlanningError(.unexpected(error), stepID: id, itemKey: item.key)
        }
    }
}

extension ResourceKind {
    /// The object later steps see after `action`: the live object with the changed fields applied, or for a
    /// create the fields sent and an id only known after apply.
    public func projectedOutput(of action: ResourceAction, live: JSONValue?, itemKey: String) -> JSONValue {
        switch action {
        case .unchanged, .delete:
            return live ?? .null
        case .create(let fields):
            var object: OrderedDictionary<String, JSONValue> = ["id": .unknown("id of the new \(name) \(itemKey)")]
            for (fieldName, value) in fields { object[liveName(of: fieldName)] = value }
            object["workflow_state"] = .unknown("workflow_state of the new \(name) \(itemKey)")
            return .object(object)
        case .update(let changes):
            var object = live?.objectValue ?? [:]
            for change in changes { object[liveName(of: change.field)] = change.after }
            return .object(object)
        }
    }

    private func liveName(of fieldName: String) -> String {
        field(named: fieldName)?.liveKeys.first ?? fieldName
    }
}

extension ResourceAction {
    /// The status an item shows to later steps (`item.status`).
    public var status: ItemStatus {
        switch self {
        case .create: .created
        case .update: .updated
        case .delete: .deleted
        case .unchanged: .unchanged
        }
    }
}
