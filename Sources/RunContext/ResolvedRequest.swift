public import Canvas
import Expressions
public import JSONValues
public import JobSpec
import OrderedCollections

/// A `get` or `request` step's call for one item, with every expression evaluated and the path percent-encoded.
public struct ResolvedRequest: Sendable, Hashable {
    /// `GET`, `POST`, `PUT`, `PATCH` or `DELETE`.
    public var method: String
    /// The path under `/api/`, interpolated values percent-encoded.
    public var path: String
    /// Query parameters as a nested value (`include: [term]`).
    public var query: JSONValue
    /// The body, if any.
    public var body: JSONValue?
    /// The user to act as, if any.
    public var asUserID: String?

    /// Whether any part is only known after apply (shown in place as `(known after apply: …)`).
    public var containsUnknown: Bool

    /// `PUT /api/v1/courses/12`.
    public var line: String { "\(method) \(path)" }
}

extension Step {
    /// The call of a `get` or `request` step for one item; nil for an `ensure`.
    public func resolvedRequest(for item: StepItem, in scope: RunScope, defaults: JobSpec.Defaults)
        throws(PlanningError) -> ResolvedRequest?
    {
        let evaluation = scope.evaluationScope(item: item.value)
        let method: String
        let pathTemplate: Template
        let queryTemplate: ValueTemplate?
        var bodyTemplate: ValueTemplate? = nil
        switch kind {
        case .get(let get):
            (method, pathTemplate, queryTemplate) = ("GET", get.path, get.query)
        case .request(let request):
            (method, pathTemplate, queryTemplate) = (request.method.rawValue, request.path, request.query)
            bodyTemplate = request.body
        case .ensure, .upload:
            return nil
        }
        do {
            let path = try pathTemplate.evaluateString(in: evaluation, escapingInterpolations: CanvasPath.encodeSegment)
            let asUser = try (asUserID ?? defaults.asUserID)?.evaluate(in: evaluation)
            let query = try queryTemplate?.evaluate(in: evaluation) ?? [:]
            let body = try bodyTemplate?.evaluate(in: evaluation)
            return ResolvedRequest(
                method: method,
                path: path.stringValue ?? path.unknownReason ?? path.interpolated,
                query: query,
                body: body,
                asUserID: asUser.map { $0.unknownReason.map { "(known after apply: \($0))" } ?? $0.interpolated },
                containsUnknown: path.isUnknown || query.containsUnknown || (body?.containsUnknown ?? false)
                    || (asUser?.containsUnknown ?? false)
            )
        } catch {
            throw PlanningError(.evaluation(error), stepID: id, itemKey: item.key, range: error.range)
        }
    }
}

extension ResolvedRequest {
    /// The client request, the body form-encoded with Canvas's nesting unless it holds values only JSON can say
    /// (nulls, or arrays of objects).
    public func canvasRequest(context: CanvasRequestContext) -> CanvasRequest {
        let canvasMethod = CanvasRequest.Method(rawValue: method) ?? .get
        let encodedBody: CanvasRequest.Body =
            switch body {
            case nil: .none
            case let body?: Self.needsJSON(body) ? .json(body) : .form(body)
            }
        return CanvasRequest(canvasMethod, path, query: query, body: encodedBody, asUserID: asUserID, context: context)
    }

    private static func needsJSON(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .array(let elements): elements.contains { $0.objectValue != nil || $0.arrayValue != nil || needsJSON($0) }
        case .object(let members): members.values.contains(where: needsJSON)
        default: false
        }
    }
}
