public import JSONValues
public import OrderedCollections

/// What applying an `ensure` item would do to Canvas.
public enum ResourceAction: Sendable, Hashable {
    /// Create the object with these fields (the key's fields included).
    case create(fields: OrderedDictionary<String, JSONValue>)
    /// Change these fields of the live object.
    case update(changes: [FieldChange])
    /// Remove the live object, with the kind's delete options (`task` of an enrollment, `event` of a course).
    case delete(options: OrderedDictionary<String, JSONValue>)
    /// Nothing to do.
    case unchanged

    /// The plan's symbol for the action: `+`, `~`, `-` or `=`.
    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        case .unchanged: "="
        }
    }

    /// Whether the action writes to Canvas.
    public var writes: Bool { self != .unchanged }
}
