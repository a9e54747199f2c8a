import JobSpec
import Resources
import RunContext

extension Planner {
    /// Reads the listings that can answer the lookups of an `ensure` step's items, parent by parent, before the
    /// items are planned; each item then takes its object from a listing, or looks it up where the listing was
    /// not worth reading (`ReadCostModel`).
    func readListings(
        for step: Step, _ items: [StepItem], scope: RunScope, reads: SharedReads, creations: PlannedCreations
    ) async {
        guard case .ensure = step.kind, items.count >= 2 else { return }
        let ensureItems = items.compactMap { try? step.ensureItem(for: $0, in: scope) }
        guard let kind = ensureItems.first?.0 else { return }
        try? await kind.readListings(
            for: ensureItems.map(\.1), client: client, logger: logger, reads: reads, creations: creations,
            width: readParallelism)
    }
}
