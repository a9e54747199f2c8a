public import JSONValues

/// What happened to one item of a step: what later steps read as `item.status`, and what decides whether the
/// items that depend on it run.
public enum ItemStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// An `ensure` created the object.
    case created
    /// An `ensure` changed fields of the object.
    case updated
    /// An `ensure` deleted (or concluded) the object.
    case deleted
    /// An `ensure` found the object already as the job wants it.
    case unchanged
    /// A raw write was sent and Canvas answered it.
    case sent
    /// A read.
    case read
    /// Not run: its `when:` was false, or the item it depends on was skipped.
    case skipped
    /// It did not succeed (failed, refused, or in doubt).
    case failed
    /// Not run because the item it depends on did not succeed.
    case blocked

    /// Whether the items that depend on this one are not run, and the step counts it as a failure.
    public var blocksDependents: Bool { self == .failed || self == .blocked }

    /// Whether the item has an output later steps and exports use: it neither failed, was blocked, nor skipped.
    public var hasOutput: Bool { !blocksDependents && self != .skipped }

    /// The status as `item.status` spells it.
    public var description: String { rawValue }

    /// The status of an item as an expression sees it (`{ key, input, output, status }`), when it is one.
    public init?(ofScopeValue value: JSONValue) {
        guard let name = value["status"]?.stringValue else { return nil }
        self.init(rawValue: name)
    }
}
