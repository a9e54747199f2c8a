import PlanModel
import Resources
import RunContext
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

/// One item as planned: what the plan shows, what later steps see, and the object it would create.
typealias ItemPlan = (PlannedItem, ItemResult, PlannedCreation?)

/// The items of one step as planned: what the plan shows, what later steps see, and the objects they would create.
struct PlannedItems {
    var items: [PlannedItem] = []
    var results: [ItemResult] = []
    var creations: [PlannedCreation] = []
}

/// One object an `ensure` item would create.
///
/// A class, so that the many items that create nothing carry one pointer, not the size of a kind and an item: the
/// planner holds a result per item, and a 100,000-row plan held several copies of them.
final class PlannedCreation: Sendable {
    let kind: ResourceKind
    let item: EnsureItem

    init(kind: ResourceKind, item: EnsureItem) {
        self.kind = kind
        self.item = item
    }
}

extension PlannedCreations {
    /// These creations and `more`.
    func merging(_ more: [PlannedCreation]) -> PlannedCreations {
        var merged = self
        for creation in more { merged.record(creation.item, of: creation.kind) }
        return merged
    }
}
