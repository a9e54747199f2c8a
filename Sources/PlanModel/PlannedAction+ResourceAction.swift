public import JSONValues
import OrderedCollections
public import Resources

extension PlannedAction {
    /// How a plan shows an `ensure` item's action on the object `live`.
    public init(_ action: ResourceAction, kind: ResourceKind, live: JSONValue?) {
        let id = live?["id"] ?? .null
        self =
            switch action {
            case .create(let fields):
                .create(
                    kind: kind.name,
                    fields: OrderedDictionary(
                        uniqueKeysWithValues: fields.map {
                            ($0.key, kind.field(named: $0.key)?.shown($0.value) ?? $0.value)
                        }))
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
    }
}
