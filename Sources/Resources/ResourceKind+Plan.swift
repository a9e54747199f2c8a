public import Canvas
public import Logging

extension ResourceKind {
    /// Plans one item from end to end: resolves its references, looks the object up, and decides the action.
    ///
    /// Only reads; apply the result with `apply(_:to:live:client:logger:context:)` using `plan.item`.
    public func plan(
        _ item: EnsureItem, client: CanvasClient, logger: Logger, context: CanvasRequestContext = .init()
    ) async throws -> EnsurePlan {
        if let problem = validate(item).first { throw problem }
        let resolved = try await resolvingReferences(in: item, client: client, logger: logger, context: context)
        let live = try await lookup(resolved, client: client, logger: logger, context: context)
        return EnsurePlan(item: resolved, live: live, action: try plannedAction(for: resolved, live: live))
    }
}
