/// A sandbox that is listening: where to reach it and with which tokens.
public struct RunningSandbox: Sendable {
    /// The API's base URL, such as `http://127.0.0.1:8080`.
    public let baseURL: String
    /// The upload endpoint's base URL, on another port: tokens sent there are refused.
    public let uploadBaseURL: String
    /// The API's port.
    public let port: Int
    /// The upload endpoint's port.
    public let uploadPort: Int
    /// The admin tokens, each owned by the admin user (id 1).
    public let tokens: [String]

    /// The first admin token.
    public var token: String { tokens[0] }

    /// The URL of the control surface's `path`, such as `/__sandbox/stats`.
    public func controlURL(_ path: String) -> String { baseURL + path }
}
