import EndpointCatalog
import JSONValues
import OrderedCollections

extension SandboxAPIResponder {
    /// In strict mode: a 400 naming the first query or body parameter that Canvas's endpoint catalog does not
    /// document for the request's endpoint, or nil when every one is documented (or the catalog lacks the route).
    ///
    /// Real Canvas ignores parameters it does not know, so a misspelt one silently does nothing there; strict mode
    /// makes it visible in tests, using the same catalog as `easel validate`.
    static func undocumentedParameterRefusal(for call: APICall) -> APIResponse? {
        let path = RequestPathPattern(segments: call.rawPath.split(separator: "/").map { .literal(String($0)) })
        guard case .found(let endpoints) = CanvasEndpoints.catalog.lookUp(method: call.method, path: path) else {
            return nil
        }
        var names: [ParameterName] = []
        collectNames(call.parameters.root, under: [], into: &names)
        for name in names where !CanvasEndpoints.universalParameters.contains(name.parts.first ?? "") {
            guard !endpoints.contains(where: { $0.parameter(accepting: name) != nil }) else { continue }
            let message = "unknown parameter '\(name)' for \(call.method) \(endpoints[0].path) (strict sandbox)"
            return .json(["errors": [["message": .string(message)]]], status: 400)
        }
        return nil
    }

    /// The parameters' names in Canvas's bracket form: nested objects become `outer[inner]`, lists of values
    /// `name[]`, lists of objects `name[][inner]`.
    private static func collectNames(_ value: JSONValue, under parts: [String], into names: inout [ParameterName]) {
        switch value {
        case .object(let members) where !members.isEmpty || parts.isEmpty:
            for (key, member) in members { collectNames(member, under: parts + [key], into: &names) }
        case .array(let elements) where elements.contains(where: { if case .object = $0 { true } else { false } }):
            for element in elements { collectNames(element, under: parts, into: &names) }
        case .array:
            names.append(ParameterName(parts: parts, isArray: true))
        default:
            names.append(ParameterName(parts: parts))
        }
    }
}
