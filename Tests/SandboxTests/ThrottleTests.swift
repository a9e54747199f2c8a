import EaselTestSupport
import JSONValues
import NIOCore
import NIOHTTP1
import OrderedCollections
import Sandbox
import Testing

@testable import Sandbox

@Suite struct LeakyBucketTests {
    @Test func leaksAtTheOutflowRateAndClamps() {
        let throttle = SandboxThrottle()
        var bucket = LeakyBucket()
        #expect(bucket.increment(by: 300, at: 0, throttle: throttle) == 300)
        #expect(bucket.increment(by: 0, at: 10, throttle: throttle) == 200)
        #expect(bucket.increment(by: 5000, at: 10, throttle: throttle) == 800)
        #expect(bucket.increment(by: -5000, at: 10, throttle: throttle) == 0)
        #expect(bucket.remaining(throttle) == 600)
    }

    @Test func isFullAtTheHighWaterMark() {
        let throttle = SandboxThrottle()
        var bucket = LeakyBucket()
        bucket.increment(by: 599, at: 0, throttle: throttle)
        #expect(!bucket.isFull(throttle))
        bucket.increment(by: 1, at: 0, throttle: throttle)
        #expect(bucket.isFull(throttle))
    }

    @Test func anAbandonedRequestGetsItsReservationBack() async throws {
        let traffic = SandboxTraffic(
            throttle: SandboxThrottle(outflowPerSecond: 0), faults: SandboxFaults(), randomSeed: 1)
        let route = "GET /api/v1/accounts/:account_id"
        #expect(await traffic.admit(client: "token:a", label: "token-1") == .admitted)
        await traffic.abandon(client: "token:a", label: "token-1", routeKey: route)
        #expect(await traffic.admit(client: "token:a", label: "token-1") == .admitted)
        let settled = await traffic.finish(client: "token:a", label: "token-1", routeKey: route)
        // Only the two requests' costs remain: neither reservation of 50 is kept.
        let remaining = try #require(settled?.remaining)
        #expect(abs(remaining - (600 - 0.02)) < 1e-9)
    }

    @Test(arguments: [(600.0, "600.0"), (0.01, "0.01"), (0.00001, "1.0e-05"), (-12.5, "-12.5"), (587.23, "587.23")])
    func formatsFloatsAsRuby(_ value: Double, _ text: String) {
        #expect(RubyFloat.format(value) == text)
    }
}

@Suite struct ThrottleTests {
    @Test func everyAPIResponseCarriesRateHeaders() async throws {
        try await withSandboxClient { (client) async throws in
            for path in ["/api/v1/accounts/1", "/api/v1/courses/999999"] {
                let reply = try await client.get(path)
                #expect(reply.header("X-Request-Cost") == "0.01")
                let remaining = try #require(reply.header("X-Rate-Limit-Remaining").flatMap(Double.init))
                #expect(remaining > 590 && remaining <= 600)
            }
        }
    }

    @Test(arguments: [403, 429])
    func throttledResponseHasCanvasBody(_ status: Int) async throws {
        var configuration = SandboxConfiguration()
        configuration.throttleStatus = status
        // Without leaking, however slowly the machine sends them: six requests fill the bucket to 600.
        configuration.throttle = SandboxThrottle(outflowPerSecond: 0, requestCost: 100)
        try await withSandboxClient(configuration) { (client) async throws in
            var replies: [Reply] = []
            for _ in 0..<8 { replies.append(try await client.get("/api/v1/accounts/1")) }
            #expect(replies.prefix(6).allSatisfy { $0.status == 200 })
            #expect(replies.dropFirst(6).allSatisfy { $0.status == status })
            let throttled = try #require(replies.last)
            #expect(throttled.status == status)
            let reason = status == 403 ? "Forbidden" : "Too Many Requests"
            #expect(throttled.text == "\(status) \(reason) (Rate Limit Exceeded)\n")
            #expect(throttled.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(throttled.header("X-Request-Cost") == nil)
            #expect(throttled.header("Retry-After") == nil)
            let remaining = try #require(throttled.header("X-Rate-Limit-Remaining").flatMap(Double.init))
            #expect(remaining <= 0)
            #expect(try await client.stats()["throttled"] == 2)
        }
    }

    @Test func costIsSettableThroughTheControlSurface() async throws {
        try await withSandboxClient { (client) async throws in
            let set = try await client.send(
                .PUT, client.sandbox.controlURL("/__sandbox/cost"), form: "cost=250", credentials: .none)
            #expect(set.status == 200)
            let first = try await client.get("/api/v1/accounts/1")
            #expect(first.header("X-Request-Cost") == "250.0")
            _ = try await client.get("/api/v1/accounts/1")
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
            #expect(try await client.get("/api/v1/accounts/1").status == 403)
        }
    }

    @Test func concurrencyIsLimitedByTheUpFrontReservation() async throws {
        let clock = TestClock()
        var configuration = SandboxConfiguration()
        // Held in flight, their reservations with them, until the clock moves.
        configuration.latency = .seconds(10)
        configuration.clock = clock.sandbox
        // Without leaking, the k-th simultaneous request sees exactly 50·k units.
        configuration.throttle = SandboxThrottle(outflowPerSecond: 0)
        try await withSandboxClient(configuration) { (client) async throws in
            let watchdog = Self.advance(clock, by: .seconds(10), after: .seconds(60))
            defer { watchdog.cancel() }
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<15 { group.addTask { try await client.get("/api/v1/accounts/1").status } }
                // The admitted requests cannot finish before the clock moves, so the first answers are the
                // refusals; once all four are in, every request has been admitted or refused.
                #expect(await clock.waitForSleepers(11))
                var statuses: [Int] = []
                for try await status in group {
                    statuses.append(status)
                    if statuses.count == 4 { clock.advance(by: .seconds(10)) }
                }
                return statuses
            }
            let stats = try await client.stats()
            #expect(stats["peak_in_flight"]?["token-1"] == 11)
            #expect(statuses.filter { $0 == 200 }.count == 11)
            #expect(statuses.filter { $0 == 403 }.count == 4)
        }
    }

    /// Advances `clock` after `delay` of real time, so that a test whose requests the clock holds ends (and fails)
    /// rather than hangs when fewer are refused than it waits for.
    static func advance(_ clock: TestClock, by duration: Duration, after delay: Duration) -> Task<Void, any Error> {
        Task {
            try await Task.sleep(for: delay)
            clock.advance(by: duration)
        }
    }

    @Test(arguments: [403, 429])
    func fortySimultaneousRequestsAdmitElevenAndASecondTokenHasItsOwnBucket(_ status: Int) async throws {
        let clock = TestClock()
        var configuration = testConfiguration()
        configuration.tokens.append("2~" + String(configuration.tokens[0].dropFirst(2).reversed()))
        // The admitted requests are held in flight until the clock moves, and nothing leaks from a bucket while
        // it stands still: however spread out the requests reach the sandbox, the first eleven fill the bucket.
        configuration.latency = .seconds(2)
        configuration.clock = clock.sandbox
        configuration.throttleStatus = status
        let (first, second) = (configuration.tokens[0], configuration.tokens[1])
        try await withSandboxClient(configuration) { (client) async throws in
            // 40 on the first token and, at the same time, 10 on the second, released together.
            let tokens = (0..<50).map { $0 % 5 == 4 ? second : first }
            let (refusals, refused) = AsyncStream.makeStream(of: Void.self)
            let sending = Task {
                defer { refused.finish() }
                return try await SimultaneousRequests.send(
                    tokens.map { SimultaneousRequests.get("/api/v1/accounts/1", token: $0) }, port: client.sandbox.port,
                    onAnswer: { if $0.status == status { refused.yield() } })
            }
            // Eleven on the first token and the ten on the second are held; once the other 29 are refused, every
            // request has been admitted or refused, and the clock lets the held ones finish. (Should fewer be
            // refused, the held reads time out and the send fails.)
            #expect(await clock.waitForSleepers(21))
            var refusalCount = 0
            for await _ in refusals {
                refusalCount += 1
                if refusalCount == 29 { break }
            }
            clock.advance(by: .seconds(2))
            let answers = try await sending.value
            let onFirst = zip(tokens, answers).filter { $0.0 == first }.map(\.1)
            let onSecond = zip(tokens, answers).filter { $0.0 == second }.map(\.1)
            let admitted = onFirst.filter { $0.status == 200 }
            let throttled = onFirst.filter { $0.status == status }
            #expect(onFirst.count == 40 && onSecond.count == 10)
            // 50 units reserved up front per request in flight against a high-water mark of 600: the 12th sees a
            // full bucket, as nothing has leaked and none has finished.
            #expect(admitted.count == 11)
            #expect(throttled.count == 29)
            let reason = status == 403 ? "Forbidden" : "Too Many Requests"
            for answer in throttled {
                #expect(answer.body == "\(status) \(reason) (Rate Limit Exceeded)\n")
                #expect(answer.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(answer.header("X-Request-Cost") == nil)
                #expect(answer.header("Retry-After") == nil)
                #expect((answer.header("X-Rate-Limit-Remaining").flatMap(Double.init) ?? 1) <= 0)
            }
            for answer in admitted {
                #expect(answer.header("X-Request-Cost") == "0.01")
                let remaining = try #require(answer.header("X-Rate-Limit-Remaining").flatMap(Double.init))
                #expect(remaining > 0 && remaining <= 600)
                #expect(answer.body.contains("\"id\":1"))
            }
            // The second token's bucket is its own: all ten run together, none is throttled.
            #expect(onSecond.allSatisfy { $0.status == 200 && $0.header("X-Request-Cost") == "0.01" })
            let stats = try await client.stats()
            #expect(stats["throttled"]?.intValue == throttled.count)
            #expect(stats["peak_in_flight"]?["token-1"] == 11)
            #expect(stats["peak_in_flight"]?["token-2"] == 10)
        }
    }

    @Test func tokensHaveTheirOwnBuckets() async throws {
        var configuration = testConfiguration()
        configuration.tokens.append("2~second-token")
        // One request costs far more than the bucket holds, so the first token stays throttled for the rest of the
        // test however slowly a busy machine runs it (at 300 a request, a slow third request found room again).
        configuration.throttle = SandboxThrottle(requestCost: 100_000)
        try await withSandboxClient(configuration) { (client) async throws in
            #expect(try await client.get("/api/v1/accounts/1").status == 200)
            #expect(try await client.get("/api/v1/accounts/1").status == 403)
            let other = try await client.get("/api/v1/accounts/1", credentials: .bearer("2~second-token"))
            #expect(other.status == 200)
        }
    }

    @Test func throttleOffSendsNoRateHeaders() async throws {
        var configuration = SandboxConfiguration()
        configuration.throttle = nil
        try await withSandboxClient(configuration) { (client) async throws in
            let reply = try await client.get("/api/v1/accounts/1")
            #expect(reply.status == 200)
            #expect(reply.header("X-Rate-Limit-Remaining") == nil)
        }
    }
}
