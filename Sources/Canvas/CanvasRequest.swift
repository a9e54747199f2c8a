public import JSONValues
public import OrderedCollections

/// One call to the Canvas API, before it is sent: everything the client needs to encode, throttle, retry and
/// log it.
public struct CanvasRequest: Sendable {
    /// An HTTP method Canvas uses.
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
        case put = "PUT"
        case delete = "DELETE"
        case patch = "PATCH"
        case head = "HEAD"
    }

    /// The body of a request.
    public enum Body: Sendable {
        /// No body.
        case none
        /// `application/x-www-form-urlencoded`, nested as Rack reads it.
        case form(JSONValue)
        /// `application/json`.
        case json(JSONValue)
        /// `multipart/form-data`.
        case multipart(MultipartForm)
        /// Raw bytes with their content type (an SIS import's CSV or zip).
        case data([UInt8], contentType: String)
    }

    /// Whether sending the request twice is harmless, which decides how it may be retried.
    public enum RetrySafety: Sendable, Hashable {
        /// Decided by the method: GET, HEAD, PUT and DELETE are idempotent; POST and PATCH are not.
        case byMethod
        /// Safe to send again (a keyed PUT, a POST that Canvas treats as idempotent).
        case idempotent
        /// Never sent twice unless the `verify` check says the first attempt did not happen.
        case nonIdempotent
    }

    /// Looks up the object a non-idempotent write would create, by its key: the object when the write
    /// already happened, nil when it did not.
    public typealias Verification = @Sendable () async throws -> JSONValue?

    /// The method.
    public var method: Method
    /// The path, already percent-encoded (see `CanvasPath`), starting with `/api/`.
    public var path: String
    /// Query parameters, in order.
    public var query: [QueryParameter]
    /// The body.
    public var body: Body
    /// Masquerade as this user (`as_user_id`), a Canvas or SIS user ID.
    public var asUserID: String?
    /// Whether the request may be sent again.
    public var retrySafety: RetrySafety
    /// For a non-idempotent write: how to tell whether a lost attempt happened.
    public var verify: Verification?
    /// Its labels for the request log, who is told of its writes, and its retry policy.
    public var context: CanvasRequestContext

    /// A request; `query` takes nested values (`["include": ["term"]]` becomes `include[]=term`).
    public init(
        _ method: Method,
        _ path: String,
        query: JSONValue = [:],
        body: Body = .none,
        asUserID: String? = nil,
        retrySafety: RetrySafety = .byMethod,
        verify: Verification? = nil,
        context: CanvasRequestContext = .init()
    ) {
        self.method = method
        self.path = path
        self.query = FormEncoding.pairs(for: query)
        self.body = body
        self.asUserID = asUserID
        self.retrySafety = retrySafety
        self.verify = verify
        self.context = context
    }

    /// Whether this request may be sent again without a check.
    public var isIdempotent: Bool {
        switch retrySafety {
        case .idempotent: true
        case .nonIdempotent: false
        case .byMethod: [.get, .head, .put, .delete].contains(method)
        }
    }

    /// The query with `as_user_id` added when masquerading.
    var effectiveQuery: [QueryParameter] {
        guard let asUserID else { return query }
        return query + [QueryParameter(name: "as_user_id", value: asUserID)]
    }

    /// A GET.
    public static func get(_ path: String, query: JSONValue = [:], context: CanvasRequestContext = .init())
        -> CanvasRequest
    {
        CanvasRequest(.get, path, query: query, context: context)
    }
}

/// What goes with a request besides its content: the labels the request log writes for it, who is told of its
/// writes, and how it is retried. The client gives the labels and the observer no meaning of its own: the caller
/// names in the labels what the request serves, to tell its requests apart in the log, and learns from the
/// observer what it needs to record about its writes.
public struct CanvasRequestContext: Sendable, Hashable {
    /// Labels for the request log, written as given, in order (see ``RequestLog``).
    public var labels: OrderedDictionary<String, String>
    /// Told when a write of this context leaves for Canvas and when Canvas answers it.
    public var observer: (any RequestObserver)?
    /// How the requests of this context are retried; the client's policy when nil.
    public var retryPolicy: RetryPolicy?

    /// A context.
    public init(
        labels: OrderedDictionary<String, String> = [:], observer: (any RequestObserver)? = nil,
        retryPolicy: RetryPolicy? = nil
    ) {
        self.labels = labels
        self.observer = observer
        self.retryPolicy = retryPolicy
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.labels == rhs.labels && lhs.observer.map(ObjectIdentifier.init) == rhs.observer.map(ObjectIdentifier.init)
            && lhs.retryPolicy == rhs.retryPolicy
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(labels)
    }
}

/// Told of the writes of one request context as the client sends them: how a caller learns that a write has left
/// for Canvas (after any wait for the throttle), not only that it was meant to, and what Canvas answered.
public protocol RequestObserver: AnyObject, Sendable {
    /// A write of the context (any method but GET and HEAD) is leaving for Canvas: told before each attempt, once
    /// the throttle lets it go.
    func writeLeaves() async
    /// Canvas answered a write of the context with success, with `status`.
    func writeAnswered(status: Int)
}
