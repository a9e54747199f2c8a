/// A catalog path split into segments: literals, `:name` placeholders and a trailing `*glob`.
public struct RoutePattern: Sendable, Hashable {
    /// One segment of a catalog path.
    public enum Segment: Sendable, Hashable {
        /// Text that must appear as written.
        case literal(String)
        /// `:name`: any one segment.
        case placeholder(String)
        /// `*name`: one or more segments, to the end.
        case glob(String)
    }

    /// The segments, without the empty one before the leading `/`.
    public let segments: [Segment]

    /// Splits a catalog path.
    public init(path: String) {
        segments = path.split(separator: "/").map { part in
            if part.hasPrefix(":") { return .placeholder(String(part.dropFirst())) }
            if part.hasPrefix("*") { return .glob(String(part.dropFirst())) }
            return .literal(String(part))
        }
    }

    /// How well the route matches a request path (literal segments matched literally count most), or nil when
    /// it does not.
    func score(matching request: RequestPathPattern) -> Int? {
        var score = 0
        for (index, segment) in segments.enumerated() {
            if case .glob = segment { return request.segments.count > index ? score : nil }
            guard index < request.segments.count else { return nil }
            switch (segment, request.segments[index]) {
            case (.literal(let expected), .literal(let given)):
                guard expected == given else { return nil }
                score += 2
            case (.literal, .expression):
                break
            case (.placeholder, _):
                score += 1
            case (.glob, _):
                break
            }
        }
        return request.segments.count == segments.count ? score : nil
    }

    /// Whether the route's first segments match all of `prefix`'s.
    func matchesPrefix(_ prefix: RequestPathPattern) -> Bool {
        for (index, given) in prefix.segments.enumerated() {
            guard index < segments.count else { return false }
            switch (segments[index], given) {
            case (.literal(let expected), .literal(let text)) where expected != text: return false
            case (.glob, _): return true
            default: continue
            }
        }
        return true
    }
}

/// A request path as a job writes it, split into segments; a segment holding an expression stands for any one.
public struct RequestPathPattern: Sendable, Hashable {
    /// One segment of a request path.
    public enum Segment: Sendable, Hashable {
        /// Text known before the run (`courses`, `sis_course_id:BIO-101`).
        case literal(String)
        /// A segment holding a `${{ }}` expression, whose value is known only when the job runs.
        case expression
    }

    /// The segments, without the empty one before the leading `/` and without any query string.
    public let segments: [Segment]

    /// Creates a pattern from segments.
    public init(segments: [Segment]) { self.segments = segments }

    /// Splits a path as written in a job (`/api/v1/courses/${{ item.id }}/enrollments?per_page=10`).
    public init(jobPath: String) {
        let path = jobPath.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        segments = Self.split(Substring(path)).map { part in
            part.contains("${{") ? .expression : .literal(String(part))
        }
    }

    /// Splits on `/`, except inside `${{ … }}` (an expression may hold a slash in a string).
    private static func split(_ path: Substring) -> [Substring] {
        var parts: [Substring] = []
        var start = path.startIndex
        var depth = 0
        var index = path.startIndex
        while index < path.endIndex {
            if path[index...].hasPrefix("${{") {
                depth += 1
            } else if path[index...].hasPrefix("}}"), depth > 0 {
                depth -= 1
            } else if path[index] == "/", depth == 0 {
                if start < index { parts.append(path[start..<index]) }
                start = path.index(after: index)
            }
            index = path.index(after: index)
        }
        if start < path.endIndex { parts.append(path[start...]) }
        return parts
    }
}
