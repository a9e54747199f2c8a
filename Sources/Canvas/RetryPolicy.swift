/// How often and how long a request is tried again after timeouts, connection errors, 5xx and throttling.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all for timeouts, connection errors and 5xx (1 = no retry).
    public var maximumAttempts: Int
    /// Attempts in all when Canvas keeps throttling (throttled requests never ran, so retrying is safe).
    public var maximumThrottledAttempts: Int
    /// Give up once this much time has passed since the first attempt.
    public var maximumTotalTime: Duration
    /// The first delay.
    public var baseDelay: Duration
    /// The longest delay.
    public var maximumDelay: Duration
    /// How long to wait before looking up a write answered by a 5xx or a timeout, which may still be running
    /// inside Canvas; each further look of the same request waits once more this long.
    public var settleDelay: Duration

    /// A policy.
    public init(
        maximumAttempts: Int = 5,
        maximumThrottledAttempts: Int = 30,
        maximumTotalTime: Duration = .seconds(600),
        baseDelay: Duration = .milliseconds(500),
        maximumDelay: Duration = .seconds(30),
        settleDelay: Duration = .seconds(5)
    ) {
        self.maximumAttempts = maximumAttempts
        self.maximumThrottledAttempts = maximumThrottledAttempts
        self.maximumTotalTime = maximumTotalTime
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.settleDelay = settleDelay
    }

    /// Never retry.
    public static let none = RetryPolicy(maximumAttempts: 1, maximumThrottledAttempts: 1)

    /// The delay before retry number `retry` (1 for the first retry): exponential, capped, with "equal
    /// jitter" (half fixed, half random from `jitter` in 0...1).
    public func delay(beforeRetry retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 20)
        let step = min(baseDelay * (1 << exponent), maximumDelay)
        return step * (0.5 + 0.5 * min(max(jitter, 0), 1))
    }

    /// The wait before look number `look` (1 for the first) at a write that may still be running: the settle time,
    /// once more for each look, at most ten times over.
    public func settle(beforeLook look: Int) -> Duration {
        settleDelay * min(max(look, 1), 10)
    }
}
