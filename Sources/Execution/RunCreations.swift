import Resources
import Synchronization

/// The objects this process created in the run it applies, so that an item under one of them, or naming one (an
/// enrollment of a user created moments ago), is known to find nothing without reading Canvas.
///
/// Only this process's creates count: a resumed run starts with none, since an earlier process may have written
/// a child under its new object before it stopped, and that child must be looked up.
final class RunCreations: Sendable {
    private let created = Mutex(PlannedCreations())

    /// Notes that this process created `item` of `kind`, which Canvas named `canvasID`.
    func record(_ item: EnsureItem, of kind: ResourceKind, canvasID: String?) {
        created.withLock { $0.record(item, of: kind, canvasID: canvasID) }
    }

    /// The objects created so far.
    var snapshot: PlannedCreations { created.withLock { $0 } }
}
