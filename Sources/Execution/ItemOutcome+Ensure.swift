import JSONValues
import Resources

extension ItemOutcome {
    /// The outcome of an `ensure` write of `kind` that Canvas confirmed, given the object it found before.
    init(_ action: ResourceAction, kind: ResourceKind, live: JSONValue?) {
        switch action {
        case .create: self = .created
        case .update: self = kind.revives(live) ? .reactivated : .updated
        case .delete: self = action.concludes ? .concluded : .deleted
        case .unchanged: self = .unchanged
        }
    }
}
