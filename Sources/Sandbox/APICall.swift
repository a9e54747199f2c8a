import JSONValues

/// One API request, parsed: what a route handler sees.
struct APICall: Sendable {
    /// `GET`, `POST`, ….
    var method: String
    /// The path as sent, percent-encoded.
    var rawPath: String
    /// The route's pattern, such as `/api/v1/courses/:course_id`.
    var routePattern: String = ""
    /// The path's placeholders, percent-decoded.
    var pathParameters: [String: String] = [:]
    /// The query string's parameters, Rack-parsed.
    var query: JSONValuesObject
    /// Query and body parameters merged (body wins), as Rails' `params`.
    var parameters: RequestParameters
    /// The `Host` the client addressed, for absolute links.
    var host: String
    /// The request's `Content-Type`, if any.
    var contentType: String?
    /// The raw body.
    var body: [UInt8]
    /// Whether the client asked for string ids.
    var wantsStringIDs: Bool
    /// The access token presented, if any.
    var token: String?
    /// The user the request acts as (after masquerading).
    var currentUserID: Int = 0
    /// The token's owner.
    var realUserID: Int = 0

    /// The stats key: `METHOD /route/pattern`.
    var routeKey: String { "\(method) \(routePattern)" }

    /// The path parameter `name`, percent-decoded.
    func path(_ name: String) -> String { pathParameters[name] ?? "" }

    /// The absolute URL of this request's path, for `Link` headers.
    var absolutePathURL: String { "http://\(host)\(rawPath)" }
}

/// A route handler's answer.
struct APIResponse: Sendable {
    var status: Int = 200
    var json: JSONValue?
    var text: String?
    var headers: [(String, String)] = []

    /// A JSON response.
    static func json(_ value: JSONValue, status: Int = 200) -> APIResponse {
        APIResponse(status: status, json: value)
    }
}
