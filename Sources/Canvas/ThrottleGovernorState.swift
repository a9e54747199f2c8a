/// The throttle governor's decisions, as a pure value.
///
/// How many requests one token may have in flight, and when to pause, given what Canvas's rate headers said. Time comes in as `now` (elapsed since any fixed
/// origin), so tests drive every transition without a network or a sleep.
///
/// Canvas reserves 50 units per request in flight and rejects a request that would fill the bucket
/// (`count + 50 >= hwm`). After a response that reported `remaining` while `n` other requests were still in
/// flight, about `(remaining - margin) / 50` more fit beside those `n`: 11 from an empty bucket at HWM 600,
/// fewer as the bucket fills. The high-water mark itself is never assumed.
public struct ThrottleGovernorState: Sendable, Hashable {
    /// Tuning.
    public struct Settings: Sendable, Hashable {
        /// Units Canvas holds per request in flight.
        public var upFrontCost: Double = 50
        /// Units kept free for costs that arrive between an observation and the next request.
        public var safetyMargin: Double = 50
        /// Requests allowed in flight before Canvas has said anything.
        public var initialLimit: Int = 4
        /// Never more than this many in flight, whatever Canvas reports.
        public var maximumLimit: Int = 64
        /// Assumed leak rate (units per second) for estimating how long a full bucket needs.
        public var assumedOutflowPerSecond: Double = 10
        /// First pause after a throttled response.
        public var baseBackoff: Duration = .milliseconds(250)
        /// Longest pause.
        public var maximumBackoff: Duration = .seconds(30)

        /// Settings with Canvas's defaults.
        public init() {}
    }

    /// What `acquire` decided.
    public enum AcquireDecision: Sendable, Hashable {
        /// Send now (the slot is taken).
        case proceed
        /// Wait until a request in flight finishes.
        case waitForSlot
        /// Wait until this time: the governor is pausing after throttling.
        case waitUntil(Duration)
    }

    /// How a request in flight ended.
    public enum Outcome: Sendable, Hashable {
        /// Canvas answered (any status but throttling), with its rate headers if present.
        case answered(remaining: Double?, cost: Double?)
        /// Canvas throttled the request.
        case throttled(remaining: Double?, retryAfter: Duration?)
        /// No answer (connection error, timeout): nothing learned.
        case failed
    }

    /// Tuning.
    public let settings: Settings
    /// Requests allowed in flight now.
    public private(set) var limit: Int
    /// Requests in flight now.
    public private(set) var inFlight = 0
    /// The last `X-Rate-Limit-Remaining` seen.
    public private(set) var lastRemaining: Double?
    /// The last `X-Request-Cost` seen.
    public private(set) var lastCost: Double?
    /// Throttled responses so far.
    public private(set) var throttledCount = 0
    /// Throttled responses since the last answered one.
    public private(set) var consecutiveThrottles = 0
    /// No request starts before this time.
    public private(set) var pausedUntil: Duration?
    /// Answers without rate headers since the limit last grew (used when Canvas sends no headers).
    private var answersSinceGrowth = 0

    /// A governor with nothing in flight.
    public init(settings: Settings = Settings()) {
        self.settings = settings
        limit = max(1, min(settings.initialLimit, settings.maximumLimit))
    }

    /// Takes a slot if one is free and no pause is running.
    public mutating func acquire(now: Duration) -> AcquireDecision {
        if let pausedUntil, now < pausedUntil { return .waitUntil(pausedUntil) }
        pausedUntil = nil
        guard inFlight < limit else { return .waitForSlot }
        inFlight += 1
        return .proceed
    }

    /// Frees a slot and learns from the outcome; `jitter` in 0...1 spreads pauses so that clients do not
    /// return in lockstep.
    public mutating func release(_ outcome: Outcome, now: Duration, jitter: Double) {
        inFlight = max(0, inFlight - 1)
        switch outcome {
        case .answered(let remaining, let cost):
            consecutiveThrottles = 0
            if let cost { lastCost = cost }
            guard let remaining else {
                growWithoutHeaders()
                return
            }
            lastRemaining = remaining
            let target = inFlight + headroom(remaining: remaining)
            if target < 1 && inFlight == 0 {
                // Not even one request fits: wait for the bucket to leak rather than be throttled.
                limit = 1
                pause(until: now + refillTime(remaining: remaining, jitter: jitter))
            } else {
                limit = clamped(target)
            }
        case .throttled(let remaining, let retryAfter):
            throttledCount += 1
            consecutiveThrottles += 1
            if let remaining { lastRemaining = remaining }
            let fitting = remaining.map { inFlight + headroom(remaining: $0) } ?? limit / 2
            limit = clamped(min(limit / 2, fitting))
            let delay =
                retryAfter
                ?? max(backoff(jitter: jitter), remaining.map { refillTime(remaining: $0, jitter: jitter) } ?? .zero)
            pause(until: now + delay)
        case .failed:
            break
        }
    }

    /// How many more requests fit beside those in flight, from a reported remaining.
    func headroom(remaining: Double) -> Int {
        Int(((remaining - settings.safetyMargin) / settings.upFrontCost).rounded(.down))
    }

    private func clamped(_ value: Int) -> Int { max(1, min(settings.maximumLimit, value)) }

    private mutating func growWithoutHeaders() {
        answersSinceGrowth += 1
        if answersSinceGrowth >= limit, limit < settings.maximumLimit {
            limit += 1
            answersSinceGrowth = 0
        }
    }

    private mutating func pause(until time: Duration) {
        pausedUntil = max(pausedUntil ?? time, time)
    }

    /// Exponential in the number of throttles in a row, between half and all of the step (jittered).
    private func backoff(jitter: Double) -> Duration {
        let exponent = min(consecutiveThrottles - 1, 16)
        let step = min(settings.baseBackoff * (1 << max(0, exponent)), settings.maximumBackoff)
        return step * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// How long until one request fits again, at the assumed leak rate.
    private func refillTime(remaining: Double, jitter: Double) -> Duration {
        let missing = settings.upFrontCost + settings.safetyMargin - remaining
        let seconds = max(0, missing) / settings.assumedOutflowPerSecond * (1 + 0.2 * min(max(jitter, 0), 1))
        return min(max(.seconds(seconds), settings.baseBackoff), settings.maximumBackoff)
    }
}
