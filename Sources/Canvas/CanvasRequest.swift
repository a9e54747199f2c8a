public import JSONValues
import Synchronization

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
    /// Where the request comes from, for the request log.
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

/// Where a request comes from, for the request log: the job step and item it serves.
public struct CanvasRequestContext: Sendable, Hashable {
    /// The step's id.
    public var stepID: String?
    /// The item's key within the step.
    public var itemKey: String?
    /// Told when the item's first write leaves for Canvas (after any wait for the throttle).
    public var writeObserver: WriteObserver?
    /// How the requests of this context are retried (the step's `retry:`); the client's policy when nil.
    public var retryPolicy: RetryPolicy?

    /// A context.
    public init(
        stepID: String? = nil, itemKey: String? = nil, writeObserver: WriteObserver? = nil,
        retryPolicy: RetryPolicy? = nil
    ) {
        self.stepID = stepID
        self.itemKey = itemKey
        self.writeObserver = writeObserver
        self.retryPolicy = retryPolicy
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.stepID == rhs.stepID && lhs.itemKey == rhs.itemKey && lhs.writeObserver === rhs.writeObserver
            && lhs.retryPolicy == rhs.retryPolicy
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(stepID)
        hasher.combine(itemKey)
    }
}

/// Runs an action once, when the first write of a request context leaves for Canvas: how the journal learns
/// that an item's write was sent, not only intended.
public final class WriteObserver: Sendable {
    private let action: @Sendable () async -> Void
    private let hasRun = Mutex(false)
    private let answer = Mutex<Int?>(nil)

    /// The status of the last write Canvas answered with success, if one was answered.
    public var answeredStatus: Int? { answer.withLock { $0 } }

    /// An observer that runs `action` at the first write.
    public init(_ action: @escaping @Sendable () async -> Void) {
        self.action = action
    }

    /// Runs the action unless it already ran.
    func writeLeaves() async {
        let isFirst = hasRun.withLock { hasRun in
            defer { hasRun = true }
            return !hasRun
        }
        if isFirst { await action() }
    }

    /// Notes a write's successful answer.
    func writeAnswered(status: Int) {
        answer.withLock { $0 = status }
    }
}
