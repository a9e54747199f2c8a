public import Canvas
import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// Plans one item from end to end: resolves its references, looks the object up, and decides the action.
    ///
    /// Only reads; apply the result with `apply(_:to:live:client:logger:context:)` using `plan.item`. `reads`
    /// shares references and lists with the other items of the plan or run; an item whose parent is in
    /// `creations` is not looked up, since its parent does not exist yet.
    public func plan(
        _ item: EnsureItem, client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext = .init(),
        reads: SharedReads? = nil, creations: PlannedCreations = PlannedCreations()
    ) async throws -> EnsurePlan {
        if let problem = validate(item).first { throw problem }
        let resolved = try await resolvingReferences(
            in: item, client: client, logger: logger, context: context, reads: reads)
        let live = try await lookup(
            resolved, client: client, logger: logger, context: context, reads: reads, creations: creations)
        if live == nil {
            try await requireParent(
                of: resolved, client: client, logger: logger, context: context, reads: reads,
                creations: creations)
        }
        let zone = try await timeZone(for: resolved, client: client, logger: logger, context: context, reads: reads)
        var plan = EnsurePlan(
            item: resolved, live: live, action: try plannedAction(for: resolved, live: live, zone: zone))
        plan.zone = zone
        plan.notes = localTimeNotes(resolved, zone: zone)
        return plan
    }

    /// Throws `parentNotFound` when the item's parent does not exist in Canvas (and is not one the plan creates),
    /// so that a missing parent is an error on its item rather than a create that fails or an "unchanged".
    ///
    /// Reads the parent only when the lookup did not already prove it exists; `reads` shares the read among
    /// the items of one parent.
    func requireParent(
        of item: EnsureItem, client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext,
        reads: SharedReads?, creations: PlannedCreations
    ) async throws {
        let parent = try parent(of: item)
        guard !parent.isUnknown, !creations.contains(parent), parent.id != "self",
            let path = parent.kind.memberPath(parent.idText),
            keys.first(where: { $0.accepts(item.key.keys) })?.readsParent != true
        else { return }
        let fetch: @Sendable () async throws -> JSONValue? = {
            do {
                let object = try await client.json(.get(path, context: context), logger: logger)
                return object["workflow_state"]?.stringValue == "deleted" ? nil : object
            } catch let error as CanvasError where error.kind.isNotFound {
                return nil
            }
        }
        let found: JSONValue?
        if let reads {
            found = try await reads.value(for: "parent \(path)", fetch: fetch)
        } else {
            found = try await fetch()
        }
        if found == nil {
            throw ResourceError.parentNotFound(
                kind: name, parent: "\(parent.kind.rawValue) \(parent.idText)", path: "GET \(path)")
        }
    }
}

extension ResourceParent.Kind {
    /// The URL that reads a parent of this kind by `id`, when Canvas has one Easel can read.
    func memberPath(_ id: String) -> String? {
        switch self {
        case .account: CanvasPath.apiV1("accounts", id)
        case .course: CanvasPath.apiV1("courses", id)
        case .section: CanvasPath.apiV1("sections", id)
        case .groupCategory: nil
        }
    }
}
