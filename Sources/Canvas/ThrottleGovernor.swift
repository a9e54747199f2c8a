/// One token's throttle governor: lets requests start as `ThrottleGovernorState` decides, waiting when no
/// slot is free or a pause runs.
public actor ThrottleGovernor {
    private var state: ThrottleGovernorState
    private let clock: CanvasClock
    private let isEnabled: Bool
    /// Whether it paces requests (after throttling too); a disabled governor leaves the pacing to the retry policy.
    public nonisolated var isAdaptive: Bool { isEnabled }
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var generator = SystemRandomNumberGenerator()
    private var uncontrolledInFlight = 0
    private var uncontrolledThrottled = 0

    /// A governor; a disabled one lets every request start at once (the fixed-concurrency behaviour of a
    /// plain script) and only counts.
    public init(
        settings: ThrottleGovernorState.Settings = .init(), enabled: Bool = true, clock: CanvasClock = .continuous
    ) {
        state = ThrottleGovernorState(settings: settings)
        isEnabled = enabled
        self.clock = clock
    }

    /// Waits for a slot and takes it; hand the permit back to `release`.
    @discardableResult
    public func acquire() async throws -> ThrottlePermit {
        guard isEnabled else {
            // Count the request, but never make it wait.
            uncontrolledInFlight += 1
            return ThrottlePermit(answeredCountAtSending: 0)
        }
        while true {
            try Task.checkCancellation()
            switch state.acquire(now: clock.now()) {
            case .proceed:
                return ThrottlePermit(answeredCountAtSending: state.answeredCount)
            case .waitForSlot:
                await withCheckedContinuation { waiters.append($0) }
            case .waitUntil(let time):
                try await clock.sleep(time - clock.now())
            }
        }
    }

    /// Frees the slot taken by `acquire` and learns from how the request ended.
    public func release(_ outcome: ThrottleGovernorState.Outcome, permit: ThrottlePermit? = nil) {
        if isEnabled {
            state.release(
                outcome, now: clock.now(), jitter: Double.random(in: 0...1, using: &generator),
                answeredCountAtSending: permit?.answeredCountAtSending)
        } else {
            uncontrolledInFlight = max(0, uncontrolledInFlight - 1)
            if case .throttled = outcome { uncontrolledThrottled += 1 }
        }
        // Every waiter checks again; those that find no slot queue up anew.
        let woken = waiters
        waiters.removeAll()
        for waiter in woken { waiter.resume() }
    }

    /// The state for logs and progress display.
    public var snapshot: ThrottleSnapshot {
        ThrottleSnapshot(
            limit: isEnabled ? state.limit : nil,
            inFlight: isEnabled ? state.inFlight : uncontrolledInFlight,
            lastRemaining: state.lastRemaining,
            lastCost: state.lastCost,
            throttledCount: isEnabled ? state.throttledCount : uncontrolledThrottled,
            isPaused: isEnabled && (state.pausedUntil.map { clock.now() < $0 } ?? false)
        )
    }
}

/// A slot taken from a governor, handed back when the request ends.
public struct ThrottlePermit: Sendable, Hashable {
    /// The governor's answered count when the slot was taken.
    public var answeredCountAtSending: Int
}

/// What a governor is doing, for logs and progress display.
public struct ThrottleSnapshot: Sendable, Hashable {
    /// Requests allowed in flight (nil when the governor is disabled).
    public var limit: Int?
    /// Requests in flight.
    public var inFlight: Int
    /// The last `X-Rate-Limit-Remaining`.
    public var lastRemaining: Double?
    /// The last `X-Request-Cost`.
    public var lastCost: Double?
    /// Throttled responses so far.
    public var throttledCount: Int
    /// Whether it is pausing after throttling.
    public var isPaused: Bool
}
