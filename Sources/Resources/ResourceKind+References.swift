public import Canvas
public import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// The item with each `set:` reference written as a SIS id replaced by the Canvas id it names.
    ///
    /// So `term_id: sis_term_id:2026FA` compares equal to the number Canvas returns. References Canvas cannot find,
    /// and values only known after apply, are left as they are (a create then reports Canvas's own error).
    /// `reads` shares each reference with the other items of the plan or run.
    public func resolvingReferences(
        in item: EnsureItem, client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext = .init(),
        reads: SharedReads? = nil
    ) async throws -> EnsureItem {
        var resolved = item
        for (fieldName, value) in item.set {
            guard let field = field(named: fieldName), let path = field.referencePath,
                case .string(let text) = value, Int(text) == nil, text.contains(":")
            else { continue }
            let referencePath = path(text)
            let fetch: @Sendable () async throws -> JSONValue? = {
                do {
                    let object = try await client.json(.get(referencePath, context: context), logger: logger)
                    return object["id"].flatMap { $0.intValue != nil ? $0 : nil }
                } catch let error as CanvasError where error.kind.isNotFound {
                    return nil
                }
            }
            let id: JSONValue?
            if let reads {
                id = try await reads.value(for: "id \(referencePath)", fetch: fetch)
            } else {
                id = try await fetch()
            }
            if let id { resolved.set[fieldName] = id }
        }
        return resolved
    }
}
