/// The throttle governor's decisions, as a pure value.
///
/// How many requests one token may have in flight, and when to pause, given what Canvas's rate headers said. Time comes in as `now` (elapsed since any fixed
/// origin), so tests drive every transition without a network or a sleep.
///
/// Canvas reserves 50 units per request in flight and rejects a request that would fill the bucket
/// (`count + 50 >= hwm`). After a response that reported `remaining` while `n` other requests were still in
/// flight, about `(remaining - margin) / 50` more fit beside those `n`: 11 in all from an empty bucket at HWM 600,
/// as many as Canvas admits, fewer as the bucket fills. The high-water mark itself is never assumed.
///
/// Answers arrive out of order and are read late, and requests wait in the client before Canvas sees them, so
/// the count in flight here overstates Canvas's. The limit therefore moves one step per answer, steered by the
/// room each answer reports (up while two more fit, down once none does), and never above the least of the
/// recent upper bounds `in flight + room`. After throttling it grows past the throttled level only slowly.
///
/// Expensive requests (a high `X-Request-Cost`) widen the margin kept free, so fewer run at once.
///
/// Most of a busy bucket is reservations, which come back the moment their requests finish, not leaked
/// units: after throttling, the governor waits for requests in flight to finish and pauses only for what must
/// leak at Canvas's outflow beyond their refunds (or for `Retry-After`), plus a short jittered backoff that
/// doubles only when requests sent after a pause are throttled again.
public struct ThrottleGovernorState: Sendable, Hashable {
    /// Tuning.
    public struct Settings: Sendable, Hashable {
        /// Units Canvas holds per request in flight.
        public var upFrontCost: Double = 50
        /// Units kept free beyond what Canvas itself requires (a request is refused when its reservation would
        /// fill the bucket), for rounding and for the time between an observation and the next request. The
        /// costs that requests in flight may still charge are kept free besides (`headroom`), so this is small:
        /// half a second of Canvas's outflow.
        public var safetyMargin: Double = 5
        /// Requests allowed in flight before Canvas has said anything.
        public var initialLimit: Int = 4
        /// Never more than this many in flight, whatever Canvas reports.
        public var maximumLimit: Int = 64
        /// How many recent answers' upper bounds on the requests that fit cap the limit.
        public var boundWindow: Int = 16
        /// Assumed leak rate (units per second) for estimating how long a full bucket needs.
        public var assumedOutflowPerSecond: Double = 10
        /// First pause after a throttled response (doubling while throttling continues): the time one unit
        /// takes to leak at Canvas's outflow of 10 a second.
        public var baseBackoff: Duration = .milliseconds(100)
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
    /// Pauses in a row that did not end the throttling (requests sent after them were throttled too).
    public private(set) var consecutiveThrottles = 0
    /// Answered requests so far (each gave its reservation back).
    public private(set) var answeredCount = 0
    /// No request starts before this time.
    public private(set) var pausedUntil: Duration?
    /// The limit set by the last throttling: below it the limit grows by one per answer, from it on by one per
    /// four times `limit` answers, probing carefully where Canvas refused before.
    public private(set) var ceiling: Int?
    /// Answers without rate headers since the limit last grew (used when Canvas sends no headers).
    private var answersSinceGrowth = 0
    /// Answers with room to spare since the limit last grew at or above the ceiling.
    private var answersAtCeiling = 0
    /// Upper bounds on what fits in all, from the last answers.
    private var recentBounds: [Int] = []

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

    /// Frees a slot and learns from the outcome.
    ///
    /// `jitter` in 0...1 spreads pauses so that clients do not return in lockstep. `answeredCountAtSending` is
    /// `answeredCount` when the request took its slot: the requests answered since then gave back reservations
    /// that a throttled response may still count.
    public mutating func release(
        _ outcome: Outcome, now: Duration, jitter: Double, answeredCountAtSending: Int? = nil
    ) {
        inFlight = max(0, inFlight - 1)
        switch outcome {
        case .answered(let remaining, let cost):
            answeredCount += 1
            consecutiveThrottles = 0
            if let cost { lastCost = cost }
            guard let remaining else {
                growWithoutHeaders()
                return
            }
            lastRemaining = remaining
            // The room is fresh from Canvas, but the count in flight may include requests Canvas has not seen
            // yet or answers not read yet: the room steers, the count only caps. Canvas never has more in
            // flight than the client, so each answer bounds what fits from above; the least recent bound
            // discards the answers read late.
            let room = headroom(remaining: remaining)
            recentBounds.append(inFlight + room)
            if recentBounds.count > settings.boundWindow { recentBounds.removeFirst() }
            let target = recentBounds.min() ?? inFlight + room
            if target < 1 && inFlight == 0 {
                // Not even one request fits: wait for the bucket to leak rather than be throttled.
                limit = 1
                pause(until: now + refillTime(remaining: remaining, jitter: jitter))
            } else if room >= 2 {
                limit = clamped(min(target, grown()))
            } else if room == 1 {
                limit = clamped(min(target, limit))
            } else {
                limit = clamped(min(target, limit - 1))
            }
        case .throttled(let remaining, let retryAfter):
            throttledCount += 1
            // A request sent before the running pause began was sent at the old limit: the pause and the lower
            // limit already answer it.
            let isPausing = pausedUntil.map { now < $0 } ?? false
            if let remaining { lastRemaining = remaining }
            // A throttled response reports the bucket with this request's own reservation in it, and that
            // reservation is refunded: so many fit beside the requests still in flight.
            let fitting = remaining.map { inFlight + headroom(remaining: $0 + settings.upFrontCost) } ?? limit / 2
            if isPausing {
                limit = clamped(min(limit, fitting))
            } else {
                consecutiveThrottles += 1
                limit = clamped(min(limit - 1, fitting))
            }
            ceiling = limit
            answersAtCeiling = 0
            let delay: Duration
            if let retryAfter {
                delay = retryAfter
            } else {
                // The requests beside it give their reservations back when they finish (some already have):
                // only what is missing beyond those refunds must leak.
                let refunds = inFlight + max(0, answeredCount - (answeredCountAtSending ?? answeredCount))
                let missing =
                    remaining.map { settings.safetyMargin - $0 - settings.upFrontCost * Double(refunds) } ?? 0
                delay = max(backoff(jitter: jitter), leakTime(missing: missing, jitter: jitter))
            }
            pause(until: now + delay)
        case .failed:
            break
        }
    }

    /// How many more requests fit beside those in flight, from a reported remaining.
    ///
    /// The margin is at least the settings' and grows with `X-Request-Cost`: the requests in flight that Canvas
    /// has already finished charge their cost before their answers are read, so room for that many costs is kept.
    func headroom(remaining: Double) -> Int {
        let margin = max(settings.safetyMargin, (lastCost ?? 0) * Double(inFlight))
        let room = ((remaining - margin) / settings.upFrontCost).rounded(.down)
        // Whatever a server reported, the room converts without trapping.
        guard room.isFinite else { return room > 0 ? settings.maximumLimit : -settings.maximumLimit }
        return Int(min(max(room, -1e9), 1e9))
    }

    private func clamped(_ value: Int) -> Int { max(1, min(settings.maximumLimit, value)) }

    /// The limit after one more answer with room to spare.
    private mutating func grown() -> Int {
        guard let ceiling, limit >= ceiling else { return limit + 1 }
        answersAtCeiling += 1
        guard answersAtCeiling >= 4 * limit else { return limit }
        answersAtCeiling = 0
        return limit + 1
    }

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
        let exponent = min(max(consecutiveThrottles, 1) - 1, 16)
        let step = min(settings.baseBackoff * (1 << max(0, exponent)), settings.maximumBackoff)
        return step * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// How long until one request fits again after an answer that reported `remaining`, at the assumed leak rate.
    private func refillTime(remaining: Double, jitter: Double) -> Duration {
        leakTime(missing: settings.upFrontCost + settings.safetyMargin - remaining, jitter: jitter)
    }

    /// How long `missing` units take to leak at the assumed rate, up to a twentieth longer (jittered, so that
    /// clients paused together do not return in lockstep, without waiting much past the leak), between the base
    /// and the maximum backoff; zero when nothing is missing.
    private func leakTime(missing: Double, jitter: Double) -> Duration {
        guard missing > 0 else { return .zero }
        let seconds = missing / settings.assumedOutflowPerSecond * (1 + 0.05 * min(max(jitter, 0), 1))
        // Checked before converting: a Duration of a huge or non-finite number of seconds traps.
        let longest = Double(settings.maximumBackoff.components.seconds) + 1
        guard seconds.isFinite, seconds < longest else { return settings.maximumBackoff }
        return min(max(.seconds(seconds), settings.baseBackoff), settings.maximumBackoff)
    }
}
