public import JSONValues
import OrderedCollections

extension ResourceKind {
    /// Whether `live` is an object that is gone (deleted, concluded, inactive) and that this kind brings back by an
    /// update rather than creating it again: an update of it is a reactivation.
    public func revives(_ live: JSONValue?) -> Bool {
        guard endpoints.revival != nil, let live else { return false }
        return endpoints.isGone(live)
    }
}

extension ResourceAction {
    /// Whether the action is a delete that concludes the object (`event: conclude` of a course, `task: conclude`
    /// of an enrollment), which Canvas keeps as completed.
    public var concludes: Bool {
        guard case .delete(let options) = self else { return false }
        return options.values.contains { $0.stringValue == "conclude" }
    }

    /// The names of the fields the action sets (a create) or changes (an update), as the job file writes them.
    public var changedFieldNames: [String] {
        switch self {
        case .create(let fields): Array(fields.keys)
        case .update(let changes): changes.map(\.field)
        case .delete, .unchanged: []
        }
    }
}
