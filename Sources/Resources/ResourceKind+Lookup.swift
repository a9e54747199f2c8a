public import Canvas
public import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// The live object the item's key names, or nil when there is none (or when the parent or key is only
    /// known after apply, or the parent is one of `creations`, so the object cannot exist yet).
    public func lookup(
        _ item: EnsureItem, client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext = .init(),
        reads: SharedReads? = nil, creations: PlannedCreations = PlannedCreations()
    ) async throws -> JSONValue? {
        let parent = try parent(of: item)
        guard let key = keys.first(where: { $0.accepts(item.key.keys) }) else {
            throw ResourceError.unsupportedKey(kind: name, fields: Array(item.key.keys), accepted: keys.map(\.fields))
        }
        if parent.isUnknown || creations.contains(parent) || item.key.values.contains(where: \.containsUnknown)
            || namesPlannedCreation(item, creations)
        {
            return nil
        }
        if let prefetched = await prefetched(item, reads: reads) { return prefetched }
        if let listed = await listedAnswer(item, parent: parent, reads: reads) { return listed }
        await reads?.listings.countLookup()
        let lookup = ResourceLookup(
            kind: self, parent: parent, key: item.key, client: client, logger: logger, context: context,
            reads: reads)
        return try await key.find(lookup)
    }
}
