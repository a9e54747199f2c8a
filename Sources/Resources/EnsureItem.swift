public import JSONValues
public import OrderedCollections

/// One item of an `ensure` step with its expressions evaluated: where the object lives, how to find it, what
/// it should look like.
public struct EnsureItem: Sendable, Hashable {
    /// Whether the object should exist.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// It should exist with the `set` fields.
        case present
        /// It should not exist.
        case absent
    }

    /// The evaluated `in:`, or nil when the step has none.
    public var parent: JSONValue?
    /// The evaluated `key:`.
    public var key: OrderedDictionary<String, JSONValue>
    /// The evaluated `set:` (for `state: absent`, the kind's delete options such as `task`).
    public var set: OrderedDictionary<String, JSONValue>
    /// The `state:`.
    public var state: State
    /// The evaluated `create:`: fields sent only when the object is created, never compared afterwards.
    public var create: OrderedDictionary<String, JSONValue>

    /// An item.
    public init(
        parent: JSONValue? = nil,
        key: OrderedDictionary<String, JSONValue>,
        set: OrderedDictionary<String, JSONValue> = [:],
        create: OrderedDictionary<String, JSONValue> = [:],
        state: State = .present
    ) {
        self.parent = parent
        self.key = key
        self.set = set
        self.create = create
        self.state = state
    }
}
