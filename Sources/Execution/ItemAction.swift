/// What the executor does to Canvas for one item, as the journal records it.
public enum ItemAction: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Creates an object.
    case create
    /// Changes fields of an existing object.
    case update
    /// Deletes (or concludes) an object.
    case delete
    /// Sends a raw request written in the job.
    case request
    /// Reads without changing anything.
    case read
    /// Nothing to do: the object is already as the job wants it.
    case none

    /// The action as the journal and the command line spell it.
    public var description: String { rawValue }
}
