public import JSONValues
public import Logging

extension CanvasBoundary {
    /// The pages of a list, fetched one at a time as they are consumed.
    ///
    /// Follows `Link: rel="next"` to the end. `per_page` is added to the first request unless it has one; `unwrapping` names the key of an
    /// object that wraps the array (`enrollment_terms` for terms).
    public func pages(_ request: CanvasRequest, unwrapping key: String? = nil, logger: Logger) -> CanvasPageSequence {
        var first = request
        if !first.query.contains(where: { $0.name == "per_page" }) {
            first.query.append(QueryParameter(name: "per_page", value: String(configuration.perPage)))
        }
        return CanvasPageSequence(client: self, first: first, unwrapKey: key, logger: logger)
    }

    /// Every element of a list, all pages joined; a non-list endpoint's object is returned as it is.
    public func getAll(_ request: CanvasRequest, unwrapping key: String? = nil, logger: Logger) async throws
        -> JSONValue
    {
        var elements: [JSONValue] = []
        var iterator = pages(request, unwrapping: key, logger: logger).makeAsyncIterator()
        var pageCount = 0
        while let page = try await iterator.next() {
            pageCount += 1
            if pageCount == 1, let object = iterator.firstObject { return object }
            elements += page
        }
        return .array(elements)
    }
}

extension CanvasClient {
    /// Fetches an absolute URL Canvas gave (a `next` link, a `progress_url`), with the token only when the URL
    /// is on the Canvas host (or a trusted one) and secure.
    public func fetch(absoluteURL url: String, context: CanvasRequestContext, logger: Logger) async throws
        -> CanvasResponse
    {
        guard let target = URLOrigin(url) else {
            throw CanvasError(.invalidResponse("Canvas gave a URL Easel cannot follow: \(URLRedaction.redact(url))"))
        }
        guard target.isSameServer(as: origin) || configuration.trustedHosts.contains(target.host) else {
            throw CanvasError(.untrustedHost(URLRedaction.redact(url)))
        }
        guard target.isSecureForToken else { throw CanvasError(.insecureURL(URLRedaction.redact(url))) }
        countRead()
        let call = PreparedCall(
            method: .get, url: url, body: nil, contentType: nil, context: context, isIdempotent: true, verify: nil,
            sendsToken: true
        )
        return try await execute(call, logger: logger)
    }
}

/// The pages of a Canvas list, as an `AsyncSequence` of arrays.
public struct CanvasPageSequence: AsyncSequence, Sendable {
    public typealias Element = [JSONValue]

    let client: any CanvasBoundary
    let first: CanvasRequest
    let unwrapKey: String?
    let logger: Logger

    public func makeAsyncIterator() -> Iterator {
        Iterator(client: client, first: first, unwrapKey: unwrapKey, logger: logger)
    }

    /// Fetches one page per `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let client: any CanvasBoundary
        var first: CanvasRequest?
        let context: CanvasRequestContext
        let unwrapKey: String?
        let logger: Logger
        var nextURL: String?
        var seenURLs: Set<String> = []
        /// The first page's body when it was an object rather than a list (a non-list endpoint).
        public private(set) var firstObject: JSONValue?
        /// The number of the last page, when Canvas gave a `rel="last"` link with a numbered page (bookmarked
        /// lists give none).
        public private(set) var lastPageNumber: Int?
        /// Whether another page is left to fetch.
        public var hasMorePages: Bool { first != nil || nextURL.map { !seenURLs.contains($0) } == true }

        init(client: any CanvasBoundary, first: CanvasRequest, unwrapKey: String?, logger: Logger) {
            self.client = client
            self.first = first
            context = first.context
            self.unwrapKey = unwrapKey
            self.logger = logger
        }

        /// The next page, or nil after the last.
        public mutating func next() async throws -> [JSONValue]? {
            let response: CanvasResponse
            if let request = first {
                first = nil
                response = try await client.send(request, logger: logger)
            } else if let url = nextURL {
                // A server that links a page to itself would loop forever.
                guard seenURLs.insert(url).inserted else { return nil }
                response = try await client.fetch(absoluteURL: url, context: context, logger: logger)
            } else {
                return nil
            }
            nextURL = response.nextPageURL
            lastPageNumber = response.lastPageNumber
            let body = try response.json()
            switch body {
            case .array(let elements):
                return elements
            case .object:
                if let unwrapKey, let elements = body[unwrapKey]?.arrayValue { return elements }
                // Not a list: the object is the whole answer.
                if firstObject == nil && seenURLs.isEmpty { firstObject = body }
                nextURL = nil
                return [body]
            default:
                throw CanvasError(.invalidResponse("expected a list, got \(body.typeName)"))
            }
        }
    }
}
