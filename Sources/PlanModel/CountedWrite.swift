/// How one write counts against a job's `limits:`.
public enum CountedWrite: Sendable, Hashable {
    /// A create, an update or a raw write other than a `DELETE`: one change.
    case change
    /// An `ensure` with `state: absent` or a raw `DELETE`: one change, and one delete.
    case delete
    /// An update Canvas can only make by creating a new object and deleting the old one (`-/+`, as for an
    /// enrollment moved to another section): two changes, one of them a delete.
    case replacement
}
