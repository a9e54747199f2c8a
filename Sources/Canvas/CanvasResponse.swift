public import JSONValues

/// A response from Canvas (any 2xx once the client returns it), with the throttle headers read.
public struct CanvasResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The headers.
    public var headers: CanvasHeaders
    /// The body bytes.
    public var body: [UInt8]
    /// True when a lost write was found to have happened by its `verify` check; `body` is then the object
    /// the check returned.
    public var isReconciled: Bool
    /// How many attempts it took.
    public var attempts: Int

    /// A response.
    public init(status: Int, headers: CanvasHeaders, body: [UInt8], isReconciled: Bool = false, attempts: Int = 1) {
        self.status = status
        self.headers = headers
        self.body = body
        self.isReconciled = isReconciled
        self.attempts = attempts
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The body as text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON.
    public func json() throws -> JSONValue {
        do {
            return try JSONValue(parsing: body)
        } catch {
            throw CanvasError(.invalidResponse("the body is not JSON: \(error.description)"), status: status)
        }
    }

    /// `X-Request-Cost`: what the request cost in Canvas's throttle bucket.
    public var requestCost: Double? { headers["X-Request-Cost"].flatMap(RateHeaderValue.parse) }

    /// `X-Rate-Limit-Remaining`: how much of the token's bucket is left (may be negative when throttled).
    public var rateLimitRemaining: Double? { headers["X-Rate-Limit-Remaining"].flatMap(RateHeaderValue.parse) }

    /// The `Link` header's URL for `rel="next"`, if any.
    public var nextPageURL: String? { headers["Link"].flatMap { LinkHeader(parsing: $0).url(for: "next") } }

    /// The page number of the `Link` header's `rel="last"` URL, when it has a numbered one.
    public var lastPageNumber: Int? {
        guard let url = headers["Link"].flatMap({ LinkHeader(parsing: $0).url(for: "last") }),
            let query = url.split(separator: "?", maxSplits: 1).last
        else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("page=") {
            return Int(pair.dropFirst("page=".count))
        }
        return nil
    }
}
