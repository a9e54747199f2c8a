/// Why a Canvas call failed, in words a Canvas admin understands; never carries the token.
public struct CanvasError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The messages of one field of a validation failure.
    public struct FieldErrors: Sendable, Hashable {
        /// The field (`name`, `pseudonym.unique_id`, or `base` for the whole object).
        public var field: String
        /// What is wrong with it (`blank`, `taken`, …).
        public var messages: [String]

        /// Field errors.
        public init(field: String, messages: [String]) {
            self.field = field
            self.messages = messages
        }
    }

    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// The token is invalid, expired, revoked or lacks scopes (401).
        case invalidToken(String)
        /// The token's user may not do this (401 or 403, or a refused `as_user_id`).
        case notPermitted(String)
        /// The object or route does not exist (404).
        case notFound(String)
        /// Canvas rejected the values (400 or 422 with field errors).
        case validation([FieldErrors])
        /// Canvas rejected the request with a message (400).
        case badRequest(String)
        /// Canvas's rate limit (429, or 403 "Rate Limit Exceeded"), after the retries ran out.
        case throttled
        /// A server error (5xx), with Canvas's error report id when it sent one.
        case server(status: Int, errorReportID: String?)
        /// Another status Easel does not expect.
        case unexpectedStatus(Int, String)
        /// The connection failed before any answer.
        case network(String)
        /// No answer in time.
        case timeout
        /// A write was sent but its answer was lost or was a server error: it may or may not have happened.
        case inDoubt(String)
        /// A plain-HTTP URL to a host that is not this machine.
        case insecureURL(String)
        /// A URL on another host, where the token must not go.
        case untrustedHost(String)
        /// Canvas answered with something Easel cannot read.
        case invalidResponse(String)
        /// An asynchronous job (Progress, SIS import, migration) ended in failure.
        case jobFailed(String)
        /// An asynchronous job did not finish in time.
        case jobTimedOut(String)
        /// Easel's own setup is wrong (no token, unknown environment).
        case configuration(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// The HTTP status, when Canvas answered.
    public var status: Int?
    /// `METHOD path?query` of the request, without any token.
    public var request: String?
    /// The start of the response body (at most 500 characters), for the request log.
    public var bodyExcerpt: String?
    /// Why no connection to Canvas could be made, when the request surely never left (a ``Kind/network(_:)``
    /// error): what every request to the same host would hit.
    public var connectionFailure: ConnectionFailure?

    /// An error.
    public init(
        _ kind: Kind, status: Int? = nil, request: String? = nil, bodyExcerpt: String? = nil,
        connectionFailure: ConnectionFailure? = nil
    ) {
        self.kind = kind
        self.status = status
        self.request = request
        self.bodyExcerpt = bodyExcerpt
        self.connectionFailure = connectionFailure
    }

    /// Whether this is a throttling rejection.
    public var isThrottled: Bool { kind == .throttled }

    /// The message for a Canvas admin.
    public var description: String {
        let on = request.map { " (\($0))" } ?? ""
        switch kind {
        case .invalidToken(let detail):
            return "Canvas rejected the access token (\(status ?? 401)): it is invalid, expired or revoked"
                + (detail.isEmpty ? "" : " (Canvas says: \(detail))")
                + ". Check CANVAS_TOKEN, or the environment's token_env or token_file."
        case .notPermitted(let detail):
            return "not permitted\(on): the token's user may not do this"
                + (detail.isEmpty ? "" : " (Canvas says: \(detail))")
                + ". Check the user's account roles, or as_user_id."
        case .notFound(let detail):
            let target = request ?? detail
            return "not found: \(target) – check the id" + (detail.isEmpty || request == nil ? "" : " (\(detail))")
        case .validation(let fields):
            let text = fields.map { "\($0.field): \($0.messages.joined(separator: ", "))" }.joined(separator: "; ")
            return "validation failed: \(text)\(on)"
        case .badRequest(let message):
            return "Canvas rejected the request (\(status ?? 400)): \(message)\(on)"
        case .throttled:
            return "Canvas kept throttling the requests (Rate Limit Exceeded)\(on); try a lower --parallelism or later"
        case .server(let status, let reportID):
            return "Canvas server error \(status)" + (reportID.map { " (error report \($0))" } ?? "") + on
        case .unexpectedStatus(let status, let message):
            return "Canvas answered \(status)\(on)" + (message.isEmpty ? "" : ": \(message)")
        case .network(let detail):
            return "could not reach Canvas\(on): \(detail)"
        case .timeout:
            return "Canvas did not answer in time\(on)"
        case .inDoubt(let detail):
            return "the write was sent but Easel cannot tell whether it happened\(on) (\(detail)); "
                + "look the object up before sending it again"
        case .insecureURL(let url):
            return
                "refusing to send the token over plain HTTP to \(url): use https:// (http:// is only for this machine)"
        case .untrustedHost(let url):
            return "refusing to send the token to another host: \(url)"
        case .invalidResponse(let detail):
            return "Canvas sent a response Easel cannot read\(on): \(detail)"
        case .jobFailed(let detail):
            return "the Canvas job failed: \(detail)"
        case .jobTimedOut(let detail):
            return "the Canvas job did not finish in time: \(detail)"
        case .configuration(let detail):
            return detail
        }
    }

    /// Whether Canvas refused a write because a unique key it carries (an SIS id, a login) is taken: on a resend,
    /// the sign that an earlier attempt made the object.
    public var isAlreadyInUse: Bool {
        let texts: [String]
        switch kind {
        case .validation(let fields): texts = fields.flatMap(\.messages)
        case .badRequest(let message): texts = [message]
        default: return false
        }
        return texts.contains { text in
            let lowered = text.lowercased()
            return lowered == "taken" || lowered.contains("already in use")
                || lowered.contains("has already been taken")
        }
    }
}
