/// Canvas's REST endpoints and their documented parameters, as the catalog this project ships lists them.
///
/// The catalog is Canvas as its published API description had it in early 2025: an endpoint it lacks may still
/// exist (Canvas can be newer), so a path or parameter it does not know is a warning, never an error by itself.
public struct CanvasEndpoints: Sendable {
    /// Every endpoint, in the catalog's order.
    public let endpoints: [Endpoint]

    /// The catalog shipped with Easel, parsed at first use.
    public static let catalog = CanvasEndpoints(compactText: compactText)

    /// Parameters Canvas accepts on every endpoint, listed on none: pagination, masquerading and the token.
    public static let universalParameters: Set<String> = ["per_page", "page", "as_user_id", "access_token"]

    /// Parses the compact text form written by `scripts/generate-endpoint-catalog.py`.
    init(compactText: String) {
        var endpoints: [Endpoint] = []
        for line in compactText.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
            if fields.first == "E", fields.count >= 4 {
                endpoints.append(
                    Endpoint(
                        id: String(fields[3]), method: String(fields[1]), path: String(fields[2]), parameters: []))
            } else if fields.first == "P", fields.count >= 5, !endpoints.isEmpty {
                let type = fields[3].split(separator: "/", maxSplits: 1)
                let values = fields.count > 5 ? fields[5].split(separator: ";").map(String.init) : []
                endpoints[endpoints.count - 1].parameters.append(
                    EndpointParameter(
                        name: String(fields[2]),
                        location: fields[1] == "q" ? .query : .body,
                        type: String(type[0]),
                        elementType: type.count > 1 ? String(type[1]) : nil,
                        isRequired: fields[4] == "r",
                        allowedValues: values))
            }
        }
        self.endpoints = endpoints
    }

    /// The endpoints whose path matches `path` (any method), best match first: literal segments matched by
    /// literal segments count before placeholders.
    public func routes(matching path: RequestPathPattern) -> [Endpoint] {
        let scored = endpoints.compactMap { endpoint in endpoint.pattern.score(matching: path).map { (endpoint, $0) } }
        return scored.sorted { $0.1 > $1.1 }.map(\.0)
    }

    /// What the catalog says of a request: the endpoints it matches with its method, or why it matches none.
    public func lookUp(method: String, path: RequestPathPattern) -> EndpointLookup {
        let routes = routes(matching: path)
        let sameMethod = routes.filter { $0.method == method }
        if let best = sameMethod.first {
            let bestScore = best.pattern.score(matching: path)
            return .found(sameMethod.filter { $0.pattern.score(matching: path) == bestScore })
        }
        if !routes.isEmpty {
            var methods: [String] = []
            for route in routes where !methods.contains(route.method) { methods.append(route.method) }
            return .wrongMethod(allowed: methods, path: routes[0].path)
        }
        return .unknownPath(suggestion: suggestedPath(for: path, method: method))
    }

    /// A catalog path that differs from `path` by a misspelt literal segment or two, preferring one that takes
    /// `method`.
    func suggestedPath(for path: RequestPathPattern, method: String) -> String? {
        var segments = path.segments
        for index in segments.indices {
            let prefix = RequestPathPattern(segments: Array(segments[...index]))
            let candidates = endpoints.filter { $0.pattern.segments.count >= segments.count }
            if candidates.contains(where: { $0.pattern.matchesPrefix(prefix) }) { continue }
            guard case .literal(let word) = segments[index] else { return nil }
            let earlier = RequestPathPattern(segments: Array(segments[..<index]))
            let words = Set(
                candidates.filter { $0.pattern.matchesPrefix(earlier) }.compactMap { endpoint -> String? in
                    guard case .literal(let text) = endpoint.pattern.segments[index] else { return nil }
                    return text
                })
            guard let replacement = closestWord(to: word, among: words) else { return nil }
            segments[index] = .literal(replacement)
        }
        let fixed = routes(matching: RequestPathPattern(segments: segments))
        return (fixed.first { $0.method == method } ?? fixed.first)?.path
    }
}

/// What the catalog knows of one request.
public enum EndpointLookup: Sendable {
    /// The endpoints the request matches (more than one when several routes fit equally well).
    case found([Endpoint])
    /// The path is an endpoint's, but not for this method.
    case wrongMethod(allowed: [String], path: String)
    /// No endpoint has this path; perhaps the one suggested was meant.
    case unknownPath(suggestion: String?)
}

extension CanvasEndpoints {
    /// The name among `names` closest to a misspelt one, or one that ends with it after an underscore.
    public static func closestName(to word: String, among names: [String]) -> String? {
        closestWord(to: word, among: names)
    }
}
