import AsyncHTTPClient
import Foundation
import JSONValues
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// A request ready for the wire, with what decides its retries.
struct PreparedCall: Sendable {
    var method: CanvasRequest.Method
    var url: String
    var body: [UInt8]?
    var contentType: String?
    var context: CanvasRequestContext
    var isIdempotent: Bool
    var verify: CanvasRequest.Verification?
    /// Whether the `Authorization` header is attached (never for upload hosts).
    var sendsToken: Bool
    /// Whether the call goes through the token's governor (calls to other hosts do not count against it).
    var isGoverned = true
    /// Whether a 3XX is returned to the caller (the upload's confirmation) instead of being an error.
    var acceptsRedirects = false

    /// Whether the call writes: any method but GET and HEAD.
    var isWrite: Bool { method != .get && method != .head }
}

/// What came back from one attempt on the wire.
struct RawResponse: Sendable {
    var status: Int
    var headers: CanvasHeaders
    var body: [UInt8]
}

/// Why an attempt got no answer.
struct TransportFailure: Error, Sendable {
    /// What happened, for the log and the error.
    var reason: String
    /// False only when the request surely never left (the connection was never made).
    var mayHaveBeenSent: Bool
    /// Whether it was a timeout.
    var isTimeout: Bool
    /// Why no connection could be made, when the request surely never left and that is known (DNS, refused, TLS,
    /// timeout, or only that the HTTP stack made none).
    var connection: ConnectionFailure? = nil
}

extension CanvasClient {
    /// Sends a call, retrying throttling freely, and timeouts, connection errors and 5xx as its safety allows:
    /// ``RequestAttemptState`` decides each step, this function only does the IO it asks for.
    func execute(_ call: PreparedCall, logger: Logger) async throws -> CanvasResponse {
        var call = call
        var redirects = 0
        let clock = configuration.clock
        let policy = call.context.retryPolicy ?? configuration.retry
        let started = clock.now()
        let described = "\(call.method.rawValue) \(URLRedaction.redact(pathAndQuery(of: call.url)))"
        let safety: RequestAttemptState.Safety =
            call.isIdempotent ? .idempotent : call.verify != nil ? .verifiable : .unverifiable
        var machine = RequestAttemptState(safety: safety, policy: policy)
        var command = machine.start()
        var attempt = 0
        // The error the request ends with if the machine says it failed.
        var lastError = CanvasError(.network("no attempt was made"), request: described)
        // What the write may have run into, for an in-doubt message.
        var doubt = ""

        while true {
            switch command {
            case .succeed, .found:
                // Both return from the loop where they are decided.
                throw CanvasError(.invalidResponse("the request ended without a response"), request: described)
            case .fail:
                throw lastError
            case .inDoubt:
                logger.warning(
                    "the write may have run and nothing tells whether it did: in doubt",
                    metadata: ["http.request": "\(described)", "reason": "\(doubt)"])
                throw CanvasError(.inDoubt(doubt), status: lastError.status, request: described)
            case .lookUp(let delay):
                logger.info(
                    "looking up whether the write ran before sending it again",
                    metadata: ["http.request": "\(described)", "after": "\(delay)"])
                try await clock.sleep(delay)
                guard let verify = call.verify else {
                    command = machine.next(afterLookup: .failed, elapsed: clock.now() - started)
                    continue
                }
                do {
                    if let found = try await verify() {
                        logger.info(
                            "the lookup found what the write makes: not sent again",
                            metadata: ["http.request": "\(described)"])
                        return Self.reconciledResponse(found, attempts: attempt)
                    }
                    command = machine.next(afterLookup: .notFound, elapsed: clock.now() - started)
                } catch {
                    doubt += "; the lookup to check it failed: \((error as? CanvasError)?.description ?? "\(error)")"
                    command = machine.next(afterLookup: .failed, elapsed: clock.now() - started)
                }
                continue
            case .send(let delay):
                if attempt > 0 {
                    logger.info(
                        "sending again",
                        metadata: [
                            "http.request": "\(described)", "attempt": "\(attempt + 1)",
                            "after": "\(delay)",
                        ])
                }
                try await clock.sleep(delay)
            }
            attempt += 1
            try Task.checkCancellation()
            let slot = takeSlot()
            let permit = call.isGoverned ? try await slot.governor.acquire() : nil
            if call.isWrite { await call.context.observer?.writeLeaves() }
            let wallStart = Date()
            let attemptStart = clock.now()
            let result = await perform(call, token: slot.token, logger: logger)
            let duration = clock.now() - attemptStart
            let outcome: RequestAttemptState.Outcome

            switch result {
            case .success(let raw):
                // A token Canvas echoes in an error body goes no further: not to the log, an error or the journal.
                let text = String(
                    redactToken(String(decoding: raw.body.prefix(4000), as: UTF8.self), slot.token).prefix(2000))
                let remaining = raw.headers["X-Rate-Limit-Remaining"].flatMap(RateHeaderValue.parse)
                let cost = raw.headers["X-Request-Cost"].flatMap(RateHeaderValue.parse)
                let isSuccess =
                    (200..<300).contains(raw.status) || (call.acceptsRedirects && (300..<400).contains(raw.status))
                await log(
                    call, wallStart: wallStart, duration: duration, status: raw.status, cost: cost,
                    remaining: remaining,
                    attempt: attempt, error: isSuccess ? nil : String(text.prefix(500)), token: slot.token
                )
                if CanvasError.isThrottling(status: raw.status, body: text) {
                    let retryAfter = raw.headers["Retry-After"].flatMap(Self.parseRetryAfter)
                    if call.isGoverned {
                        await slot.governor.release(
                            .throttled(remaining: remaining, retryAfter: retryAfter), permit: permit)
                    }
                    // An adaptive governor already pauses for Retry-After or the backoff, and holds the retry
                    // until a slot frees up: sleeping here too would only wait twice.
                    let isPaced = call.isGoverned && slot.governor.isAdaptive
                    let delay =
                        isPaced
                        ? .zero
                        : retryAfter
                            ?? policy.delay(beforeRetry: machine.throttles + 1, jitter: Double.random(in: 0...1))
                    logger.info(
                        "throttled by Canvas (403 Rate Limit Exceeded): pausing",
                        metadata: [
                            "http.request": "\(described)", "canvas.remaining": "\(remaining ?? .nan)",
                            "retry_after": "\(retryAfter.map { "\($0)" } ?? "none")",
                        ])
                    lastError = CanvasError(
                        .throttled, status: raw.status, request: described, bodyExcerpt: String(text.prefix(500)))
                    command = machine.next(
                        after: .throttled(delay: delay, retryAfter: retryAfter), elapsed: clock.now() - started,
                        jitter: 0)
                    continue
                }
                if call.isGoverned {
                    await slot.governor.release(.answered(remaining: remaining, cost: cost), permit: permit)
                }
                if !isSuccess, let next = redirection(of: call, status: raw.status, headers: raw.headers) {
                    redirects += 1
                    guard redirects <= Self.maximumRedirects else {
                        throw CanvasError(
                            .unexpectedStatus(raw.status, "more than \(Self.maximumRedirects) redirects"),
                            status: raw.status, request: described)
                    }
                    call = next
                    command = .send(after: .zero)
                    continue
                }
                if isSuccess {
                    if call.isWrite { call.context.observer?.writeAnswered(status: raw.status) }
                    return CanvasResponse(status: raw.status, headers: raw.headers, body: raw.body, attempts: attempt)
                }
                let error = CanvasError.fromResponse(
                    status: raw.status, headers: raw.headers,
                    body: Array(redactToken(String(decoding: raw.body, as: UTF8.self), slot.token).utf8),
                    request: described)
                lastError = error
                if raw.status >= 500 {
                    doubt = Self.serverErrorDetail(error)
                    outcome = .serverError
                    logger.info(
                        "a server error", metadata: ["http.request": "\(described)", "http.status": "\(raw.status)"])
                } else {
                    outcome = .rejected(alreadyInUse: error.isAlreadyInUse)
                }

            case .failure(let failure):
                if call.isGoverned { await slot.governor.release(.failed, permit: permit) }
                await log(
                    call, wallStart: wallStart, duration: duration, status: nil, cost: nil, remaining: nil,
                    attempt: attempt, error: failure.reason, token: slot.token
                )
                lastError = CanvasError(
                    failure.isTimeout ? .timeout : .network(failure.connection?.description ?? failure.reason),
                    request: described, connectionFailure: failure.connection)
                doubt = failure.reason
                outcome = .transportError(sent: failure.mayHaveBeenSent, timeout: failure.isTimeout)
                logger.info(
                    "a transport error", metadata: ["http.request": "\(described)", "reason": "\(failure.reason)"])
            }
            command = machine.next(after: outcome, elapsed: clock.now() - started, jitter: Double.random(in: 0...1))
        }
    }

    /// Canvas's answer to a write that may have run, for an in-doubt error.
    static func serverErrorDetail(_ error: CanvasError) -> String {
        guard case .server(let status, let reportID) = error.kind else { return error.description }
        return "Canvas answered \(status)" + (reportID.map { ", error report \($0)" } ?? "")
    }

    /// The most redirects a read follows.
    static let maximumRedirects = 5

    /// The call a read's redirect leads to: with the token only on the Canvas host (or a trusted one) over a
    /// secure connection, and outside the token's governor elsewhere. Writes are not redirected.
    func redirection(of call: PreparedCall, status: Int, headers: CanvasHeaders) -> PreparedCall? {
        guard (300..<400).contains(status), status != 304, call.method == .get, let location = headers["Location"],
            let url = URL(string: location, relativeTo: URL(string: call.url))?.absoluteURL.absoluteString,
            let target = URLOrigin(url)
        else { return nil }
        let isCanvas = target.isSameServer(as: origin) || configuration.trustedHosts.contains(target.host)
        var next = call
        next.url = url
        next.sendsToken = call.sendsToken && isCanvas && target.isSecureForToken
        next.isGoverned = call.isGoverned && isCanvas
        return next
    }

    static func reconciledResponse(_ object: JSONValue, attempts: Int) -> CanvasResponse {
        CanvasResponse(
            status: 200,
            headers: CanvasHeaders([("Content-Type", "application/json")]),
            body: Array(object.serialized().utf8),
            isReconciled: true,
            attempts: attempts
        )
    }

    /// One attempt on the wire.
    func perform(_ call: PreparedCall, token: CanvasToken, logger: Logger) async -> Result<
        RawResponse, TransportFailure
    > {
        var request = HTTPClientRequest(url: call.url)
        request.method = HTTPMethod(rawValue: call.method.rawValue)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        if call.sendsToken { request.headers.add(name: "Authorization", value: token.authorizationHeaderValue) }
        if let body = call.body {
            if let contentType = call.contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await httpClient.execute(
                request, timeout: Self.timeAmount(configuration.requestTimeout), logger: logger)
            let buffer = try await response.body.collect(upTo: 256 * 1024 * 1024)
            let headers = CanvasHeaders(response.headers.map { (name: $0.name, value: $0.value) })
            return .success(
                RawResponse(status: Int(response.status.code), headers: headers, body: Array(buffer.readableBytesView)))
        } catch {
            var failure = Self.classify(error)
            if !failure.mayHaveBeenSent {
                let target = URLOrigin(call.url) ?? origin
                if let cause = ConnectionFailure(error, host: target.host, port: target.port) {
                    failure.connection = cause
                }
            }
            return .failure(failure)
        }
    }

    /// Tells errors where the request surely never left from those where it may have been received.
    static func classify(_ error: any Error) -> TransportFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout, .invalidURL, .emptyHost,
                .emptyScheme, .alreadyShutdown:
                return TransportFailure(
                    reason: error.shortDescription, mayHaveBeenSent: false, isTimeout: error == .connectTimeout)
            case .readTimeout, .deadlineExceeded, .writeTimeout:
                return TransportFailure(reason: "no answer in time", mayHaveBeenSent: true, isTimeout: true)
            case .remoteConnectionClosed:
                return TransportFailure(
                    reason: "the connection was closed before the answer", mayHaveBeenSent: true, isTimeout: false)
            default:
                return TransportFailure(reason: error.shortDescription, mayHaveBeenSent: true, isTimeout: false)
            }
        }
        let typeName = String(describing: type(of: error))
        let text = String(describing: error)
        // NIO reports a refused or unreachable connection as NIOConnectionError (NIOPosix) before sending anything.
        if typeName.contains("NIOConnectionError") || typeName.contains("ConnectTimeout")
            || text.contains("connection refused") || text.contains("Connection refused")
        {
            let connection = ConnectionFailure.notConnected(errorType: typeName)
            return TransportFailure(
                reason: connection.description, mayHaveBeenSent: false, isTimeout: false, connection: connection)
        }
        if let error = error as? ChannelError, error == .ioOnClosedChannel || error == .eof || error == .outputClosed {
            return TransportFailure(
                reason: "the connection was closed (\(error))", mayHaveBeenSent: true, isTimeout: false)
        }
        return TransportFailure(reason: "\(typeName): \(text)", mayHaveBeenSent: true, isTimeout: false)
    }

    /// `Retry-After` as seconds or an HTTP date, clamped.
    static func parseRetryAfter(_ value: String) -> Duration? {
        RateHeaderValue.retryAfter(value)
    }

    /// The path and query of `url` when it is on this client's Canvas, for messages and logs.
    func pathAndQuery(of url: String) -> String {
        guard let origin = URLOrigin(url), origin.isSameServer(as: self.origin),
            let range = url.range(of: "://")
        else { return url }
        let afterScheme = url[range.upperBound...]
        guard let slash = afterScheme.firstIndex(of: "/") else { return "/" }
        return String(afterScheme[slash...])
    }

    private func log(
        _ call: PreparedCall, wallStart: Date, duration: Duration, status: Int?, cost: Double?, remaining: Double?,
        attempt: Int, error: String?, token: CanvasToken
    ) async {
        guard let requestLog else { return }
        let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        await requestLog.record(
            RequestLogEntry(
                time: wallStart, labels: call.context.labels, method: call.method.rawValue,
                url: call.url, status: status, durationMilliseconds: milliseconds, requestCost: cost,
                rateLimitRemaining: remaining, attempt: attempt, error: error.map { redactToken($0, token) },
                token: call.sendsToken ? token.fingerprint : nil
            )
        )
    }

    /// Belt and braces: an error body that echoes the token must not put it in the log.
    private func redactToken(_ text: String, _ token: CanvasToken) -> String {
        token.revealed.isEmpty ? text : text.replacingOccurrences(of: token.revealed, with: "[redacted]")
    }
}
