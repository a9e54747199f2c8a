public import Canvas
public import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// The item with each `set:` reference written as a SIS id replaced by the Canvas id it names.
    ///
    /// So `term_id: sis_term_id:2026FA` compares equal to the number Canvas returns. References Canvas cannot find,
    /// and values only known after apply, are left as they are (a create then reports Canvas's own error).
    public func resolvingReferences(
        in item: EnsureItem, client: CanvasClient, logger: Logger, context: CanvasRequestContext = .init()
    ) async throws -> EnsureItem {
        var resolved = item
        for (fieldName, value) in item.set {
            guard let field = field(named: fieldName), let path = field.referencePath,
                case .string(let text) = value, Int(text) == nil, text.contains(":")
            else { continue }
            do {
                let object = try await client.json(.get(path(text), context: context), logger: logger)
                if let id = object["id"], id.intValue != nil { resolved.set[fieldName] = id }
            } catch let error as CanvasError where error.kind.isNotFound {
                continue
            }
        }
        return resolved
    }
}
