/// Canvas's leaky bucket for one client (`increment_bucket.lua`), as a pure value: time is passed in as seconds.
struct LeakyBucket: Sendable, Equatable {
    /// The bucket's level.
    private(set) var count: Double = 0
    /// When the level last changed, in seconds on the caller's clock.
    private(set) var lastTouched: Double?

    /// Leaks what flowed out since the last touch, adds `amount`, clamps to `[0, maximum]`; returns the level.
    @discardableResult
    mutating func increment(by amount: Double, at now: Double, throttle: SandboxThrottle) -> Double {
        if count > 0, let lastTouched {
            count -= throttle.outflowPerSecond * max(0, now - lastTouched)
        }
        count = min(max(count + amount, 0), throttle.maximum)
        lastTouched = now
        return count
    }

    /// Whether the bucket is full.
    func isFull(_ throttle: SandboxThrottle) -> Bool { count >= throttle.hwm }

    /// What `X-Rate-Limit-Remaining` reports.
    func remaining(_ throttle: SandboxThrottle) -> Double { throttle.hwm - count }
}
