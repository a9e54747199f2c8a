import JSONValues
import OrderedCollections
import SeededRandom

/// What happens around the API's answers: the throttle's buckets, injected faults, latency and the stats of the
/// control surface. An actor, so that concurrent requests share one bucket per token.
actor SandboxTraffic {
    /// The throttle's parameters; nil when throttling is off.
    private(set) var throttle: SandboxThrottle?
    /// The faults currently injected.
    private(set) var faults: SandboxFaults
    private var random: SplitMix64
    private let clock: SandboxClock
    private var buckets: [String: LeakyBucket] = [:]
    private var inFlight: [String: Int] = [:]
    private var peakInFlight: [String: Int] = [:]
    private var requestsByRoute: [String: Int] = [:]
    private var requestsByMethod: [String: Int] = [:]
    private var throttledCount = 0
    private var faultCounts: [String: Int] = [:]
    /// The requests answered "user not authorized", as `METHOD /route/:pattern` or `METHOD /concrete/path`.
    private(set) var deniedRequests: Set<String> = []

    init(throttle: SandboxThrottle?, faults: SandboxFaults, randomSeed: UInt64, clock: SandboxClock = .system) {
        self.throttle = throttle
        self.clock = clock
        self.faults = faults
        self.random = SplitMix64(seed: randomSeed)
    }

    /// Seconds on the sandbox's monotonic clock.
    private var now: Double {
        let elapsed = clock.elapsed()
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// The throttle's verdict before a request runs.
    enum Admission: Sendable, Equatable {
        /// The request may run; its up-front cost is reserved.
        case admitted
        /// The bucket is full: the request is refused with this remaining capacity (at most 0).
        case throttled(remaining: Double)
        /// Throttling is off.
        case unthrottled
    }

    /// Counts a request in the stats.
    func record(method: String, routeKey: String) {
        requestsByRoute[routeKey, default: 0] += 1
        requestsByMethod[method, default: 0] += 1
    }

    /// Reserves the up-front cost in the client's bucket and says whether the request may run
    /// (`reserve_capacity` in `request_throttle.rb`: the check includes the request's own reservation).
    func admit(client: String, label: String) -> Admission {
        guard let throttle else {
            startRequest(label: label)
            return .unthrottled
        }
        var bucket = buckets[client] ?? LeakyBucket()
        bucket.increment(by: throttle.upFrontCost, at: now, throttle: throttle)
        if bucket.isFull(throttle) {
            let remaining = bucket.remaining(throttle)
            // A refused request still pays its small cost, and gets its reservation back.
            bucket.increment(by: throttle.requestCost - throttle.upFrontCost, at: now, throttle: throttle)
            buckets[client] = bucket
            throttledCount += 1
            return .throttled(remaining: min(remaining, 0))
        }
        buckets[client] = bucket
        startRequest(label: label)
        return .admitted
    }

    private func startRequest(label: String) {
        inFlight[label, default: 0] += 1
        peakInFlight[label] = max(peakInFlight[label] ?? 0, inFlight[label] ?? 0)
    }

    /// Charges the request's real cost and refunds its reservation; returns the cost and what remains, for the
    /// `X-Request-Cost` and `X-Rate-Limit-Remaining` headers (nil when throttling is off).
    func finish(client: String, label: String, routeKey: String) -> (cost: Double, remaining: Double)? {
        inFlight[label, default: 1] -= 1
        guard let throttle else { return nil }
        let cost = throttle.cost(forRoute: routeKey)
        var bucket = buckets[client] ?? LeakyBucket()
        bucket.increment(by: cost - throttle.upFrontCost, at: now, throttle: throttle)
        buckets[client] = bucket
        return (cost, bucket.remaining(throttle))
    }

    /// Settles an admitted request that never finished (the server is stopping): as Canvas's `ensure` does, it
    /// charges the request's cost and refunds its reservation.
    func abandon(client: String, label: String, routeKey: String) {
        _ = finish(client: client, label: label, routeKey: routeKey)
    }

    /// What a fault draw decided for one request.
    struct FaultDecision: Sendable, Equatable {
        /// Answer with this 5xx status instead of running the request.
        var status: Int?
        /// Run the request, then answer with this 5xx status instead of its result.
        var appliedStatus: Int?
        /// Answer with this 5xx status at once, and run the request ``lateDelay`` later.
        var lateStatus: Int?
        /// How long after its answer a late request runs.
        var lateDelay: Duration = .zero
        /// Close the connection without running the request.
        var drop = false
        /// Wait this long before running the request.
        var delay: Duration?
        /// Run the request, then close the connection without answering.
        var loseResponse = false
        /// Run the write, then answer its success with a plain-text body.
        var textAnswer = false
    }

    /// Draws the faults of one request from the seeded generator; `isWrite` requests may lose their response.
    ///
    /// One draw picks at most one of: a 5xx, an applied 5xx, a late 5xx, a dropped connection.
    func drawFaults(isWrite: Bool) -> FaultDecision {
        var decision = FaultDecision()
        guard !faults.isEmpty else { return decision }
        var draw = random.unit()
        func pick(_ rates: [Int: Double]) -> Int? {
            for status in rates.keys.sorted() {
                let rate = rates[status] ?? 0
                if draw < rate { return status }
                draw -= rate
            }
            return nil
        }
        decision.status = pick(faults.statusRates)
        if decision.status == nil { decision.appliedStatus = pick(faults.appliedStatusRates) }
        if decision.status == nil, decision.appliedStatus == nil {
            decision.lateStatus = pick(faults.lateStatusRates)
            decision.lateDelay = faults.lateDelay
        }
        if decision.status == nil, decision.appliedStatus == nil, decision.lateStatus == nil, draw < faults.dropRate {
            decision.drop = true
        }
        if random.unit() < faults.slowRate { decision.delay = faults.slowDelay }
        if isWrite, random.unit() < faults.lostRate { decision.loseResponse = true }
        // Drawn only when asked for, so that the other faults of a seed stay as they were.
        if isWrite, faults.textRate > 0, random.unit() < faults.textRate { decision.textAnswer = true }
        if let status = decision.status { faultCounts[String(status), default: 0] += 1 }
        if let status = decision.appliedStatus { faultCounts["applied\(status)", default: 0] += 1 }
        if let status = decision.lateStatus { faultCounts["late\(status)", default: 0] += 1 }
        if decision.drop { faultCounts["drop", default: 0] += 1 }
        if decision.delay != nil { faultCounts["slow", default: 0] += 1 }
        if decision.loseResponse { faultCounts["lost", default: 0] += 1 }
        if decision.textAnswer { faultCounts["text", default: 0] += 1 }
        return decision
    }

    /// The latency of one request: `base` plus a uniform draw in `[-jitter, +jitter]`, never negative.
    func latency(base: Duration, jitter: Duration) -> Duration {
        guard jitter > .zero else { return base }
        let offset = jitter * (random.unit() * 2 - 1)
        return max(.zero, base + offset)
    }

    /// Replaces the injected faults.
    func setFaults(_ faults: SandboxFaults) { self.faults = faults }

    /// Changes the cost of requests, for every route or for one route key.
    func setCost(_ cost: Double, forRoute routeKey: String?) {
        guard var throttle else { return }
        if let routeKey { throttle.costOverrides[routeKey] = cost } else { throttle.requestCost = cost }
        self.throttle = throttle
    }

    /// Replaces the requests the token's user is not allowed to make: each `METHOD /api/v1/route/:pattern` (as
    /// `stats` lists routes) or `METHOD /api/v1/concrete/path`.
    func setDenied(_ requests: Set<String>) { deniedRequests = requests }

    /// Whether the request is one the token's user is not allowed to make.
    func denies(method: String, routePattern: String, path: String) -> Bool {
        !deniedRequests.isEmpty
            && (deniedRequests.contains("\(method) \(routePattern)") || deniedRequests.contains("\(method) \(path)"))
    }

    /// Forgets the buckets and the stats.
    func reset() {
        buckets = [:]
        inFlight = inFlight.filter { $0.value > 0 }
        peakInFlight = [:]
        requestsByRoute = [:]
        requestsByMethod = [:]
        throttledCount = 0
        faultCounts = [:]
    }

    /// The stats of the control surface.
    func statsJSON() -> JSONValue {
        func object(_ counts: [String: Int]) -> JSONValue {
            .object(
                OrderedDictionary(
                    uniqueKeysWithValues: counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
        }
        return [
            "total_requests": .int(requestsByRoute.values.reduce(0, +)),
            "requests_by_method": object(requestsByMethod),
            "requests_by_route": object(requestsByRoute),
            "throttled": .int(throttledCount),
            "peak_in_flight": object(peakInFlight),
            "faults": object(faultCounts),
            "throttle_enabled": .bool(throttle != nil),
        ]
    }
}
