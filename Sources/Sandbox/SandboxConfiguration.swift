public import Logging

/// The data a sandbox starts with.
public enum SandboxSeed: String, Sendable, CaseIterable {
    /// A small deterministic institution: sub-accounts, terms, about 50 courses, 300 users, 1,000 enrollments.
    case demo
    /// Only the root account, its default term and the admin user.
    case empty
}

/// How the upload endpoint answers a successful upload (step 2 of Canvas's three-step upload).
public enum SandboxUploadConfirmation: String, Sendable, CaseIterable {
    /// A 3XX redirect to a Canvas URL that the client must GET with its token to make the file available.
    case redirect
    /// 201 Created with a `Location` header; the file is available at once.
    case created
}

/// Everything a sandbox can be told before it starts.
public struct SandboxConfiguration: Sendable {
    /// The address to listen on.
    public var host: String = "127.0.0.1"
    /// The port for the API; 0 picks a free one, published in ``RunningSandbox``.
    public var port: Int = 0
    /// The data to start with (ignored when ``statePath`` holds a saved state).
    public var seed: SandboxSeed = .demo
    /// Admin tokens; if empty, one random Canvas-shaped token is generated.
    public var tokens: [String] = []
    /// A delay added to every API request.
    public var latency: Duration = .zero
    /// A uniform ± variation of ``latency``, drawn from the seeded generator.
    public var latencyJitter: Duration = .zero
    /// The leaky-bucket throttle; nil turns throttling off.
    public var throttle: SandboxThrottle? = SandboxThrottle()
    /// The status of a throttled response: 403 (Canvas's code) or 429 (hosted Canvas since 2025-10-08).
    public var throttleStatus: Int = 403
    /// Random faults injected into API requests.
    public var faults: SandboxFaults = SandboxFaults()
    /// The seed of every random choice (faults, jitter, generated ids).
    public var randomSeed: UInt64 = 1
    /// An SQLite file that keeps the state across restarts.
    public var statePath: String? = nil
    /// The status of a "user not authorized" response: 401 (legacy) or 403.
    public var notPermittedStatus: Int = 401
    /// How a record that fails validation is reported: 400 keyed by attribute, or 422 as a raised `RecordInvalid`.
    public var validationErrors: SandboxValidationErrors = .attributeKeyed
    /// Whether a request without a `User-Agent` header gets 403, as hosted Canvas does since 2026.
    public var requiresUserAgent: Bool = false
    /// The largest `per_page` honoured (100 on current Canvas, 50 on old installations).
    public var maximumPerPage: Int = 100
    /// Whether the pagination header is sent as lowercase `link`, as some Canvas hosts do.
    public var lowercaseLinkHeader: Bool = false
    /// Whether a request with a query or body parameter that Canvas's endpoint catalog does not document for its
    /// endpoint gets 400 (real Canvas ignores unknown parameters; this shows a misspelt one in tests).
    public var strictParameters: Bool = false
    /// How a successful upload is answered.
    public var uploadConfirmation: SandboxUploadConfirmation = .redirect
    /// How long asynchronous jobs (Progress, migrations, SIS imports) take to finish.
    public var jobDuration: Duration = .milliseconds(300)
    /// How many SIS import rows the sandbox applies per second, one import at a time per account: 115, the rate
    /// measured on a hosted Canvas.
    public var sisRowsPerSecond: Double = 115
    /// How long an upload's signature stays valid after its preflight: 30 minutes, as on Canvas.
    public var uploadLifetime: Duration = .seconds(30 * 60)
    /// The sandbox's time: the system's, unless a test moves time on itself.
    public var clock: SandboxClock = .system
    /// Where the sandbox logs; silent unless the caller passes a logger.
    public var logger: Logger = Logger(label: "easel.sandbox", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A configuration with every default: demo seed, Canvas's throttle, no latency, no faults.
    public init() {}
}
