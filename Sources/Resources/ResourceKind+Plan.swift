public import Canvas
import JSONValues
public import Logging

extension ResourceKind {
    /// Plans one item from end to end: resolves its references, looks the object up, and decides the action.
    ///
    /// Only reads; apply the result with `apply(_:to:live:client:logger:context:)` using `plan.item`. `reads`
    /// shares references and lists with the other items of the plan or run; an item whose parent is in
    /// `creations` is not looked up, since its parent does not exist yet.
    public func plan(
        _ item: EnsureItem, client: CanvasClient, logger: Logger, context: CanvasRequestContext = .init(),
        reads: SharedReads? = nil, creations: PlannedCreations = PlannedCreations()
    ) async throws -> EnsurePlan {
        if let problem = validate(item).first { throw problem }
        let resolved = try await resolvingReferences(
            in: item, client: client, logger: logger, context: context, reads: reads)
        let live: JSONValue?
        do {
            live = try await lookup(
                resolved, client: client, logger: logger, context: context, reads: reads, creations: creations)
        } catch ResourceError.parentNotFound(_, _, _) where resolved.state == .absent {
            // Nothing can be in a parent that does not exist: the object is absent already.
            live = nil
        }
        let zone = try await timeZone(for: resolved, client: client, logger: logger, context: context, reads: reads)
        var plan = EnsurePlan(
            item: resolved, live: live, action: try plannedAction(for: resolved, live: live, zone: zone))
        plan.zone = zone
        plan.notes = localTimeNotes(resolved, zone: zone)
        return plan
    }
}
