import Canvas
import Expressions
import JSONValues
import JobSpec
import Logging

/// A raw write's `verify:` read for one item: the object it finds means the write already happened.
struct VerifyRead: Sendable {
    let verify: Step.Verify
    /// The scope the read's path, query and `match:` are evaluated in, the item's element bound.
    let scope: EvaluationScope
    let client: any CanvasBoundary
    let logger: Logger
    let context: CanvasRequestContext

    /// The object the read finds for the item, or nil when there is none.
    func find() async throws -> JSONValue? {
        let path = try verify.path.evaluateString(in: scope, escapingInterpolations: CanvasPath.encodeSegment)
        let query = try verify.query?.evaluate(in: scope) ?? [:]
        let match = try verify.match?.evaluate(in: scope)
        let found: JSONValue
        do {
            found = try await client.getAll(
                CanvasRequest(.get, path.interpolated, query: query, context: context), logger: logger)
        } catch let error as CanvasError {
            if case .notFound = error.kind { return nil }
            throw error
        }
        let candidates = found.arrayValue ?? [found]
        return candidates.first { candidate in
            guard let fields = match?.objectValue else { return true }
            return fields.allSatisfy { candidate[$0.key]?.interpolated == $0.value.interpolated }
        }
    }
}
