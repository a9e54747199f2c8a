import AsyncHTTPClient
import Foundation
public import JSONValues
public import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import Synchronization

/// Easel's Canvas client: sends requests with the token, a `User-Agent`, throttle governors (one per token),
/// retries that never send a write twice blindly, and a request log.
public final class CanvasClient: Sendable {
    /// One token and its governor.
    struct TokenSlot: Sendable {
        let token: CanvasToken
        let governor: ThrottleGovernor
    }

    /// The configuration.
    public let configuration: CanvasClientConfiguration
    /// Where every attempt is logged, if anywhere.
    public let requestLog: RequestLog?
    /// The Canvas origin the token belongs to.
    public let origin: URLOrigin
    let httpClient: HTTPClient
    let slots: [TokenSlot]
    private let nextSlot = Mutex(0)
    private let readCounter = Mutex(0)

    /// How many GET requests this client has sent (each page of a list counts; retries of one do not).
    public var readRequests: Int { readCounter.withLock { $0 } }

    /// Counts one GET request.
    func countRead() {
        readCounter.withLock { $0 += 1 }
    }

    /// A client for one Canvas origin and its tokens.
    ///
    /// Throws when the base URL is not HTTPS (plain HTTP is only for this machine) or there is no token. Call `shutdown()` when done, or use `withCanvasClient`.
    public init(configuration: CanvasClientConfiguration, requestLog: RequestLog? = nil) throws(CanvasError) {
        guard let origin = URLOrigin(configuration.baseURL) else {
            throw CanvasError(
                .configuration("'\(configuration.baseURL)' is not a Canvas URL such as https://school.instructure.com"))
        }
        guard origin.isSecureForToken else { throw CanvasError(.insecureURL(configuration.baseURL)) }
        let tokens = configuration.tokens.filter { !$0.isEmpty }
        guard !tokens.isEmpty else {
            throw CanvasError(
                .configuration("no Canvas access token: set CANVAS_TOKEN, or the environment's token_env or token_file")
            )
        }
        self.configuration = configuration
        self.requestLog = requestLog
        self.origin = origin
        slots = tokens.map { token in
            let governor: ThrottleGovernor
            switch configuration.governor {
            case .adaptive(let settings):
                governor = ThrottleGovernor(settings: settings, enabled: true, clock: configuration.clock)
            case .disabled: governor = ThrottleGovernor(enabled: false, clock: configuration.clock)
            }
            return TokenSlot(token: token, governor: governor)
        }
        var http = HTTPClient.Configuration()
        // Redirects are followed by hand, so the token never follows one to another host.
        http.redirectConfiguration = .disallow
        http.timeout = .init(
            connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.requestTimeout))
        http.connectionPool = .init(
            idleTimeout: .seconds(30),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.maximumConnectionsPerHost
        )
        // Otherwise the pool keeps retrying a refused connection until the connect timeout, so "Canvas is down"
        // takes the whole timeout per attempt; the retry policy retries connection failures instead.
        http.connectionPool.retryConnectionEstablishment = false
        httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
    }

    /// Closes the connections.
    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    /// The governors' states, one per token, for logs and progress display.
    public func throttleSnapshots() async -> [ThrottleSnapshot] {
        var snapshots: [ThrottleSnapshot] = []
        for slot in slots { snapshots.append(await slot.governor.snapshot) }
        return snapshots
    }

    /// Sends a request and returns its 2xx response, retrying as the request allows; throws `CanvasError`.
    public func send(_ request: CanvasRequest, logger: Logger) async throws -> CanvasResponse {
        guard request.path.hasPrefix("/api/") else {
            throw CanvasError(.configuration("a Canvas API path must start with /api/: \(request.path)"))
        }
        if request.method == .get { countRead() }
        let query = request.effectiveQuery
        let url = configuration.baseURL + request.path + (query.isEmpty ? "" : "?" + FormEncoding.encode(query))
        let (body, contentType) = Self.encode(request.body)
        let call = PreparedCall(
            method: request.method,
            url: url,
            body: body,
            contentType: contentType,
            context: request.context,
            isIdempotent: request.isIdempotent,
            verify: request.verify,
            sendsToken: true
        )
        return try await execute(call, logger: logger)
    }

    static func encode(_ body: CanvasRequest.Body) -> (bytes: [UInt8]?, contentType: String?) {
        switch body {
        case .none: (nil, nil)
        case .form(let value):
            (Array(FormEncoding.encode(FormEncoding.pairs(for: value)).utf8), "application/x-www-form-urlencoded")
        case .json(let value): (Array(value.serialized().utf8), "application/json")
        case .multipart(let form): (form.encoded(), form.contentType)
        case .data(let bytes, let contentType): (bytes, contentType)
        }
    }

    /// Picks the next token in turn.
    func takeSlot() -> TokenSlot {
        let index = nextSlot.withLock { counter in
            defer { counter &+= 1 }
            return counter
        }
        return slots[index % slots.count]
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// Creates a client, runs `body` with it, and shuts it down whether `body` throws or not.
public func withCanvasClient<T: Sendable>(
    _ configuration: CanvasClientConfiguration,
    requestLog: RequestLog? = nil,
    _ body: (CanvasClient) async throws -> T
) async throws -> T {
    let client = try CanvasClient(configuration: configuration, requestLog: requestLog)
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
