import Canvas
import Testing

@Suite struct ThrottleGovernorStateTests {
    @Test func startsSmallAndGrowsToWhatTheBucketAllows() {
        var state = ThrottleGovernorState()
        #expect(state.limit == 4)
        for _ in 0..<4 { #expect(state.acquire(now: .zero) == .proceed) }
        #expect(state.acquire(now: .zero) == .waitForSlot)
        // An empty bucket at HWM 600: (600 - 50) / 50 = 11 fit beside the 3 still in flight.
        state.release(.answered(remaining: 600, cost: 0.01), now: .zero, jitter: 0)
        #expect(state.limit == 3 + 11)
        #expect(state.lastCost == 0.01)
    }

    @Test func shrinksAsRemainingFalls() {
        var state = ThrottleGovernorState()
        _ = state.acquire(now: .zero)
        state.release(.answered(remaining: 200, cost: nil), now: .zero, jitter: 0)
        #expect(state.limit == 3)
        _ = state.acquire(now: .zero)
        state.release(.answered(remaining: 90, cost: nil), now: .zero, jitter: 0)
        // Not even one more fits: limit 1 and a pause while the bucket leaks.
        #expect(state.limit == 1)
        guard case .waitUntil(let until) = state.acquire(now: .zero) else {
            Issue.record("expected a pause")
            return
        }
        #expect(until > .zero)
        #expect(state.acquire(now: until) == .proceed)
    }

    @Test func throttlingHalvesAndHonoursRetryAfter() {
        var state = ThrottleGovernorState()
        _ = state.acquire(now: .zero)
        state.release(.answered(remaining: 600, cost: nil), now: .zero, jitter: 0)
        let before = state.limit
        _ = state.acquire(now: .zero)
        state.release(.throttled(remaining: nil, retryAfter: .seconds(7)), now: .seconds(1), jitter: 0.5)
        #expect(state.limit == before / 2)
        #expect(state.throttledCount == 1)
        #expect(state.acquire(now: .seconds(5)) == .waitUntil(.seconds(8)))
        #expect(state.acquire(now: .seconds(8)) == .proceed)
    }

    @Test func throttlingWithNegativeRemainingPausesUntilRefilled() {
        var state = ThrottleGovernorState()
        _ = state.acquire(now: .zero)
        state.release(.throttled(remaining: -150, retryAfter: nil), now: .zero, jitter: 0)
        #expect(state.limit == 1)
        // 250 units missing at 10/s: about 25 s, capped at the maximum backoff of 30 s.
        guard case .waitUntil(let until) = state.acquire(now: .zero) else {
            Issue.record("expected a pause")
            return
        }
        #expect(until >= .seconds(20) && until <= .seconds(30))
    }

    @Test func growsSlowlyWithoutHeaders() {
        var state = ThrottleGovernorState()
        for _ in 0..<4 {
            _ = state.acquire(now: .zero)
            state.release(.answered(remaining: nil, cost: nil), now: .zero, jitter: 0)
        }
        #expect(state.limit == 5)
    }

    @Test(arguments: [1, 2, 3, 10, 40])
    func retryDelaysStayInTheirBounds(retry: Int) {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maximumDelay: .seconds(5))
        let step = min(Duration.milliseconds(100) * (1 << min(retry - 1, 20)), .seconds(5))
        #expect(policy.delay(beforeRetry: retry, jitter: 0) == step / 2)
        #expect(policy.delay(beforeRetry: retry, jitter: 1) == step)
    }
}
