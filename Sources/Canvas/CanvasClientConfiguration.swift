/// Where and how the client talks to Canvas.
public struct CanvasClientConfiguration: Sendable {
    /// Whether requests go through a throttle governor.
    public enum GovernorMode: Sendable, Hashable {
        /// Adapt the requests in flight per token to Canvas's rate headers.
        case adaptive(ThrottleGovernorState.Settings)
        /// No governor: every request the caller starts is sent at once (for comparisons and tests).
        case disabled

        /// The adaptive governor with Canvas's defaults.
        public static var adaptive: GovernorMode { .adaptive(.init()) }
    }

    /// The `User-Agent` Easel sends by default (hosted Canvas rejects requests without one).
    public static let defaultUserAgent = userAgent(version: easelVersion)

    /// Easel's version, the one place it is written: the CLI's `--version` and every `User-Agent` say it.
    public static let easelVersion = "0.1.0"

    /// The `User-Agent` naming Easel and its version, such as `Easel/0.1.0`.
    public static func userAgent(version: String) -> String { "Easel/\(version)" }

    /// The Canvas origin, such as `https://school.instructure.com` (no trailing slash).
    public var baseURL: String
    /// The tokens, used in turn; each has its own throttle governor.
    public var tokens: [CanvasToken]
    /// The `User-Agent` header.
    public var userAgent: String
    /// How long one attempt may take, from sending to the end of the body.
    public var requestTimeout: Duration
    /// How long connecting may take.
    public var connectTimeout: Duration
    /// Retries.
    public var retry: RetryPolicy
    /// The throttle governor.
    public var governor: GovernorMode
    /// `per_page` added to the first request of a list.
    public var perPage: Int
    /// Other hosts (besides the base URL's) that may receive the token, such as a Canvas host alias.
    public var trustedHosts: [String]
    /// The most connections to one host.
    public var maximumConnectionsPerHost: Int
    /// The time source.
    public var clock: CanvasClock

    /// A configuration for `baseURL` with `tokens`.
    public init(
        baseURL: String,
        tokens: [CanvasToken],
        userAgent: String = CanvasClientConfiguration.defaultUserAgent,
        requestTimeout: Duration = .seconds(120),
        connectTimeout: Duration = .seconds(15),
        retry: RetryPolicy = RetryPolicy(),
        governor: GovernorMode = .adaptive,
        perPage: Int = 100,
        trustedHosts: [String] = [],
        maximumConnectionsPerHost: Int = 64,
        clock: CanvasClock = .continuous
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tokens = tokens
        self.userAgent = userAgent
        self.requestTimeout = requestTimeout
        self.connectTimeout = connectTimeout
        self.retry = retry
        self.governor = governor
        self.perPage = perPage
        self.trustedHosts = trustedHosts
        self.maximumConnectionsPerHost = maximumConnectionsPerHost
        self.clock = clock
    }
}
