import Canvas
import EaselTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import Logging
import NIOCore
import Testing

/// Throttle headers a server may send that Ruby never prints: huge, negative, `inf`, `nan`, garbage. They are
/// clamped or ignored, and the client keeps going instead of trapping.
@Suite struct HeaderRobustnessTests {
    @Test(
        "bucket values beyond any real bucket are clamped",
        arguments: [
            ("1e300", 1_000_000.0), ("-1e300", -1_000_000), ("1e400", 1_000_000),
            ("1234567890123456789012345678901234567890", 1_000_000), ("999999.5", 999_999.5),
        ])
    func hugeBucketValuesAreClamped(text: String, expected: Double) {
        #expect(RateHeaderValue.parse(text) == expected)
    }

    @Test func spelledOutInfinitiesAndGarbageAreIgnored() {
        for text in ["inf", "-inf", "Infinity", "nan", "NaN", "+", "-", ".", "e", "1e", "--1", "0x1p3", "١٢"] {
            let value = RateHeaderValue.parse(text)
            #expect(value == nil || value?.isFinite == true, "\(text) gave \(String(describing: value))")
        }
        #expect(RateHeaderValue.parse(String(repeating: "9", count: 10_000)) == nil)
    }

    @Test func retryAfterIsClampedToAnHourAndIgnoredWhenNotADelay() throws {
        #expect(RateHeaderValue.retryAfter("2.5") == .milliseconds(2500))
        #expect(RateHeaderValue.retryAfter("0") == .zero)
        #expect(RateHeaderValue.retryAfter("1e300") == RateHeaderValue.longestRetryAfter)
        #expect(RateHeaderValue.retryAfter("1e400") == RateHeaderValue.longestRetryAfter)
        #expect(RateHeaderValue.retryAfter(String(repeating: "9", count: 40)) == RateHeaderValue.longestRetryAfter)
        for text in ["-1", "-1e300", "inf", "nan", "soon", ""] {
            #expect(RateHeaderValue.retryAfter(text) == nil, "\(text)")
        }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RateHeaderValue.retryAfter("Fri, 31 Dec 9999 23:59:59 GMT", now: now) == .seconds(3600))
        #expect(RateHeaderValue.retryAfter("Thu, 01 Jan 1970 00:00:00 GMT", now: now) == .zero)
        #expect(RateHeaderValue.retryAfter("Fri, 15 Jan 2027 08:00:30 GMT", now: now) == .seconds(30))
        #expect(RateHeaderValue.retryAfter("Fri, 15 Jan 2027 08:00:30 PST", now: now) == nil)
        #expect(RateHeaderValue.retryAfter("Fri, 99 Jan 2027 08:00:30 GMT", now: now) == nil)
    }

    @Test func theGovernorTakesAnyReportedBucketWithoutTrapping() {
        var state = ThrottleGovernorState()
        let values: [Double] = [.infinity, -.infinity, .nan, 1e300, -1e300, .greatestFiniteMagnitude, 0]
        for (index, remaining) in values.enumerated() {
            for cost in values {
                _ = state.acquire(now: .seconds(index))
                state.release(.answered(remaining: remaining, cost: cost), now: .seconds(index), jitter: 0.5)
                _ = state.acquire(now: .seconds(index))
                state.release(.throttled(remaining: remaining, retryAfter: nil), now: .seconds(index), jitter: 0.5)
            }
        }
        #expect(state.limit >= 1)
    }

    /// Answers each request with the next pair of throttle headers, and the last request with a throttle whose
    /// `Retry-After` asks for longer than anyone waits.
    @Test func theClientReadsHostileThrottleHeadersOverHTTP() async throws {
        // A hugely negative remaining reads as a deep deficit and pauses the client for the governor's longest
        // backoff, as it should: the configuration below makes that pause short.
        let hostile = [
            ("1e300", "1e300"), ("600", "-1e300"), ("1234567890123456789012345678901234567890", "nan"),
            ("inf", "-inf"), ("garbage", "1e400"), ("0x1p3", ""), ("-1e300", "600"),
            ("-1234567890123456789012345678901234567890", "1"), ("-inf", "nan"),
        ]
        let router = Router()
        router.get("/api/v1/courses/:n") { _, context in
            let index = Int(context.parameters.get("n") ?? "") ?? 0
            var response = RedirectTests.json(#"{"id": \#(index)}"#)
            let (remaining, cost) = hostile[index % hostile.count]
            response.headers[HTTPField.Name("X-Rate-Limit-Remaining")!] = remaining
            response.headers[HTTPField.Name("X-Request-Cost")!] = cost
            return response
        }
        router.get("/api/v1/throttled") { _, _ in
            Response(
                status: .forbidden,
                headers: [.retryAfter: "1e300", HTTPField.Name("X-Rate-Limit-Remaining")!: "nan"],
                body: .init(byteBuffer: ByteBuffer(string: "403 Forbidden (Rate Limit Exceeded)")))
        }
        try await RedirectTests.serve(router) { port in
            var governor = ThrottleGovernorState.Settings()
            governor.baseBackoff = .milliseconds(5)
            governor.maximumBackoff = .milliseconds(50)
            let configuration = CanvasClientConfiguration(
                baseURL: "http://127.0.0.1:\(port)", tokens: [CanvasToken(randomCanvasToken())],
                retry: RetryPolicy(maximumTotalTime: .seconds(5), baseDelay: .milliseconds(10)),
                governor: .adaptive(governor))
            try await withCanvasClient(configuration) { client in
                let ids = try await withThrowingTaskGroup(of: Int?.self) { group in
                    for index in 0..<24 {
                        group.addTask {
                            try await client.json(.get("/api/v1/courses/\(index)"), logger: RedirectTests.logger)[
                                "id"]?.intValue
                        }
                    }
                    return try await group.reduce(into: Set<Int>()) { $0.insert($1 ?? -1) }
                }
                #expect(ids == Set(0..<24))
                let error = await #expect(throws: CanvasError.self) {
                    try await client.json(.get("/api/v1/throttled"), logger: RedirectTests.logger)
                }
                #expect(error?.isThrottled == true, "\(String(describing: error))")
            }
        }
    }
}
