import Resources
import Synchronization

/// What the items of one plan share: the reads they have in common, and the objects earlier steps would create.
final class SharedPlanning: Sendable {
    /// References and lists read once for every item.
    let reads = SharedReads.forPlanning()
    private let created = Mutex(PlannedCreations())

    /// The objects the steps planned so far would create.
    var creations: PlannedCreations {
        get { created.withLock { $0 } }
        set { created.withLock { $0 = newValue } }
    }
}

/// One object an `ensure` item would create.
struct PlannedCreation: Sendable {
    let kind: ResourceKind
    let item: EnsureItem
}

extension PlannedCreations {
    /// These creations and `more`.
    func merging(_ more: [PlannedCreation]) -> PlannedCreations {
        var merged = self
        for creation in more { merged.record(creation.item, of: creation.kind) }
        return merged
    }
}
