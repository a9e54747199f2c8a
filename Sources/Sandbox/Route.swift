/// One API route: a method, a pattern with `:placeholders` (and, last, a Rails glob `*name` taking one or more
/// segments), and the store method that answers it.
struct Route: Sendable {
    typealias Handler = @Sendable (isolated SandboxStore, APICall) throws -> APIResponse

    let method: String
    let pattern: String
    let segments: [String]
    let handler: Handler

    init(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = pattern
        self.segments = pattern.split(separator: "/").map(String.init)
        self.handler = handler
    }

    /// The placeholders' values if `path` (decoded segments) matches.
    func match(_ path: [String]) -> [String: String]? {
        var parameters: [String: String] = [:]
        var path = path
        if let glob = segments.last, glob.hasPrefix("*") {
            guard path.count >= segments.count else { return nil }
            parameters[String(glob.dropFirst())] = path[(segments.count - 1)...].joined(separator: "/")
            path = Array(path[..<(segments.count - 1)])
        } else if path.count != segments.count {
            return nil
        }
        for (segment, value) in zip(segments, path) {
            if segment.hasPrefix(":") {
                parameters[String(segment.dropFirst())] = value
            } else if segment != value {
                return nil
            }
        }
        return parameters
    }
}

/// The route table.
struct Router: Sendable {
    let routes: [Route]

    /// The route for `method` and a raw path, with its decoded placeholders.
    func match(method: String, rawPath: String) -> (Route, [String: String])? {
        let segments = Self.decodedSegments(rawPath)
        // Literal segments win over placeholders, as Rails orders its routes: try the most literal first.
        var best: (Route, [String: String], Int)?
        for route in routes where route.method == method {
            guard let parameters = route.match(segments) else { continue }
            let literals = route.segments.count - parameters.count
            if best == nil || literals > (best?.2 ?? 0) { best = (route, parameters, literals) }
        }
        return best.map { ($0.0, $0.1) }
    }

    /// The path split on `/` (encoded slashes stay inside their segment), each segment percent-decoded.
    static func decodedSegments(_ rawPath: String) -> [String] {
        rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentEncoding.decode($0, plusAsSpace: false)
        }
    }
}
