import Canvas
import Testing

@Suite struct ThrottleGovernorStateTests {
    /// Canvas's bucket without the leak: 50 held per request in flight, plus each request's real cost.
    private struct Bucket {
        var count = 0.0
        let hwm = 600.0

        /// Reserves the up-front cost; nil when admitted, else the remaining a throttled response reports.
        mutating func admit() -> Double? {
            count += 50
            guard count >= hwm else { return nil }
            defer { count += 0.01 - 50 }
            return hwm - count
        }

        /// Charges the cost, refunds the reservation; the remaining an answer reports.
        mutating func finish() -> Double {
            count += 0.01 - 50
            return hwm - count
        }
    }

    @Test func startsSmallAndConvergesOnWhatTheBucketHolds() {
        var state = ThrottleGovernorState()
        var bucket = Bucket()
        var inFlight = 0
        var peak = 0
        #expect(state.limit == 4)
        for _ in 0..<200 {
            while state.acquire(now: .zero) == .proceed {
                if let remaining = bucket.admit() {
                    state.release(.throttled(remaining: remaining, retryAfter: nil), now: .zero, jitter: 0)
                } else {
                    inFlight += 1
                    peak = max(peak, inFlight)
                }
            }
            inFlight -= 1
            state.release(.answered(remaining: bucket.finish(), cost: 0.01), now: .zero, jitter: 0)
        }
        // (600 - 50) / 50 = 11 fit in an empty bucket, and 11 are kept in flight: as many as Canvas admits (a
        // twelfth would be refused), none of them throttled.
        #expect(state.throttledCount == 0)
        #expect(peak == 11)
        #expect(state.limit == 11)
        #expect(state.lastCost == 0.01)
    }

    @Test func growsByOnePerAnswerWhateverAnOutOfOrderAnswerSays() {
        var state = ThrottleGovernorState()
        for _ in 0..<4 { #expect(state.acquire(now: .zero) == .proceed) }
        #expect(state.acquire(now: .zero) == .waitForSlot)
        // An answer from an empty bucket read after three others were sent: 3 + 11 may not fit, one more does.
        state.release(.answered(remaining: 600, cost: 0.01), now: .zero, jitter: 0)
        #expect(state.limit == 5)
        // A fuller bucket lowers the limit at once.
        state.release(.answered(remaining: 150, cost: 0.01), now: .zero, jitter: 0)
        #expect(state.limit == 2 + 2)
    }

    @Test func expensiveRequestsKeepFewerInFlight() {
        /// The limit after answers that each report a bucket 200 units full, for requests of `cost`.
        func limit(cost: Double) -> Int {
            var state = ThrottleGovernorState()
            for _ in 0..<4 { _ = state.acquire(now: .zero) }
            for _ in 0..<12 {
                state.release(.answered(remaining: 400, cost: cost), now: .zero, jitter: 0)
                while state.acquire(now: .zero) == .proceed {}
            }
            return state.limit
        }
        // (400 - 50) / 50 = 7 fit beside the requests in flight, whose answers cost next to nothing.
        #expect(limit(cost: 0.01) == 10)
        // At 50 units a request, the answers in transit may charge 50 each before the next request: fewer fit.
        #expect(limit(cost: 50) == 8)
    }

    @Test func shrinksAsRemainingFalls() {
        var state = ThrottleGovernorState()
        _ = state.acquire(now: .zero)
        state.release(.answered(remaining: 200, cost: nil), now: .zero, jitter: 0)
        #expect(state.limit == 3)
        _ = state.acquire(now: .zero)
        state.release(.answered(remaining: 90, cost: nil), now: .zero, jitter: 0)
        // Canvas admits a request while its reservation leaves the bucket short of full: one more fits at 90.
        #expect(state.limit == 1)
        #expect(state.acquire(now: .zero) == .proceed)
        state.release(.answered(remaining: 50, cost: nil), now: .zero, jitter: 0)
        // At 50, not even one fits: limit 1 and a pause while the bucket leaks.
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
        // Nothing else in flight to give units back: 150 over, plus the 5-unit margin, leak at 10/s in 15.5 s,
        // up to a twentieth longer.
        guard case .waitUntil(let until) = state.acquire(now: .zero) else {
            Issue.record("expected a pause")
            return
        }
        #expect(until >= .milliseconds(15_500) && until <= .milliseconds(16_275))
    }

    @Test func throttlingBesideRequestsInFlightWaitsForTheirRefundsNotForALeak() {
        var state = ThrottleGovernorState()
        for _ in 0..<4 { _ = state.acquire(now: .zero) }
        // The 4th found the bucket full of the other three's reservations.
        state.release(.throttled(remaining: 0, retryAfter: nil), now: .seconds(1), jitter: 1)
        #expect(state.limit == 3)
        #expect(state.throttledCount == 1)
        // Only the short backoff, not the 10 s a full bucket would need to leak 100 units.
        #expect(state.acquire(now: .seconds(1)) == .waitUntil(.seconds(1) + .milliseconds(100)))
        #expect(state.acquire(now: .seconds(1) + .milliseconds(100)) == .waitForSlot)
        // One finishes, two stay in flight, and Canvas has room for one more beside them.
        state.release(.answered(remaining: 120, cost: 0.01), now: .seconds(2), jitter: 0)
        #expect(state.limit == 3)
        #expect(state.acquire(now: .seconds(2)) == .proceed)
        #expect(state.acquire(now: .seconds(2)) == .waitForSlot)
    }

    @Test func aLateThrottledResponseCountsTheRefundsThatCameBeforeIt() {
        func pauseAfterLateThrottle(knowingWhenItWasSent: Bool) -> Duration? {
            var state = ThrottleGovernorState()
            for _ in 0..<4 { _ = state.acquire(now: .zero) }
            let answeredAtSending = state.answeredCount
            // The other three are answered before the fourth's throttled response is read.
            for _ in 0..<3 { state.release(.answered(remaining: 150, cost: 0.01), now: .zero, jitter: 0) }
            state.release(
                .throttled(remaining: -50, retryAfter: nil), now: .zero, jitter: 0,
                answeredCountAtSending: knowingWhenItWasSent ? answeredAtSending : nil)
            guard case .waitUntil(let until) = state.acquire(now: .zero) else { return nil }
            return until
        }
        // 55 units short when it was refused (50 over and the margin), 150 given back since: nothing to leak, only
        // the backoff.
        #expect(pauseAfterLateThrottle(knowingWhenItWasSent: true) == .milliseconds(50))
        // Not knowing, it would wait for the 50 units over and the 5-unit margin to leak at 10 a second.
        #expect(pauseAfterLateThrottle(knowingWhenItWasSent: false) == .milliseconds(5_500))
    }

    @Test func aBurstOfThrottledResponsesIsOnePause() {
        var state = ThrottleGovernorState()
        for _ in 0..<4 { _ = state.acquire(now: .zero) }
        for _ in 0..<4 {
            state.release(.throttled(remaining: nil, retryAfter: nil), now: .milliseconds(1), jitter: 0)
        }
        #expect(state.throttledCount == 4)
        #expect(state.consecutiveThrottles == 1)
        #expect(state.acquire(now: .milliseconds(1)) == .waitUntil(.milliseconds(51)))
    }

    @Test func repeatedThrottlingBacksOffLongerEachTime() {
        var state = ThrottleGovernorState()
        var pauses: [Duration] = []
        for round in 0..<4 {
            let now = Duration.seconds(round * 10)
            _ = state.acquire(now: now)
            state.release(.throttled(remaining: nil, retryAfter: nil), now: now, jitter: 0)
            guard case .waitUntil(let until) = state.acquire(now: now) else {
                Issue.record("expected a pause")
                return
            }
            pauses.append(until - now)
        }
        #expect(pauses == [.milliseconds(50), .milliseconds(100), .milliseconds(200), .milliseconds(400)])
        // An answer ends the run of throttles: the next one starts from the shortest pause again.
        _ = state.acquire(now: .seconds(100))
        state.release(.answered(remaining: 600, cost: nil), now: .seconds(100), jitter: 0)
        _ = state.acquire(now: .seconds(100))
        state.release(.throttled(remaining: nil, retryAfter: nil), now: .seconds(100), jitter: 0)
        #expect(state.acquire(now: .seconds(100)) == .waitUntil(.seconds(100) + .milliseconds(50)))
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
