import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import Logging
import Sandbox
import Testing

@Suite struct ThrottleTests {
    /// What one run of many writes looked like.
    struct WriteRun: Sendable {
        var failures: Int
        var throttledResponses: Int
        var requests: Int
        var seconds: Double
        var peakInFlight: Int
    }

    /// `count` course renames (PUT), `parallelism` at a time, through one token.
    private static func writeMany(
        count: Int, parallelism: Int, governor: CanvasClientConfiguration.GovernorMode
    ) async throws -> WriteRun {
        try await SandboxHarness.run(
            sandbox: { $0.latency = .milliseconds(5) },
            client: {
                $0.governor = governor
                $0.retry = RetryPolicy(
                    maximumThrottledAttempts: 60, baseDelay: .milliseconds(50), maximumDelay: .seconds(1))
            }
        ) { harness in
            let client = harness.client
            let logger = harness.logger
            let started = ContinuousClock.now
            let failures = await withTaskGroup(of: Bool.self, returning: Int.self) { group in
                var next = 0
                var failures = 0
                func start(_ index: Int) {
                    group.addTask {
                        let courseID = String(2 + index % 49)
                        let request = CanvasRequest(
                            .put, CanvasPath.apiV1("courses", courseID),
                            body: .form(["course": ["name": .string("Write \(index)")]]))
                        do {
                            _ = try await client.send(request, logger: logger)
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                while next < min(parallelism, count) {
                    start(next)
                    next += 1
                }
                for await succeeded in group {
                    if !succeeded { failures += 1 }
                    if next < count {
                        start(next)
                        next += 1
                    }
                }
                return failures
            }
            let elapsed = started.duration(to: .now)
            let stats = try await harness.control("GET", "/__sandbox/stats")
            let snapshot = await client.throttleSnapshots()
            return WriteRun(
                failures: failures,
                throttledResponses: stats["throttled"]?.intValue ?? -1,
                requests: stats["total_requests"]?.intValue ?? -1,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                peakInFlight: stats["peak_in_flight"]?["token-1"]?.intValue ?? -1
            ).checked(against: snapshot)
        }
    }

    @Test func twoThousandWritesAtParallelism32() async throws {
        let governed = try await Self.writeMany(count: 2000, parallelism: 32, governor: .adaptive)
        // The baseline the issue names: the same client with its governor off is a fixed-concurrency client.
        let fixed = try await Self.writeMany(count: 2000, parallelism: 32, governor: .disabled)
        func ratio(_ a: Double, _ b: Double) -> String { b == 0 ? "n/a" : String(format: "%.2f", a / b) }
        print(
            """
            2,000 writes at parallelism 32     governed    fixed   governed/fixed
              failures                      \(pad(governed.failures))  \(pad(fixed.failures))
              throttled responses           \(pad(governed.throttledResponses))  \(pad(fixed.throttledResponses))   \(ratio(Double(governed.throttledResponses), Double(fixed.throttledResponses)))
              requests sent                 \(pad(governed.requests))  \(pad(fixed.requests))   \(ratio(Double(governed.requests), Double(fixed.requests)))
              peak in flight at Canvas      \(pad(governed.peakInFlight))  \(pad(fixed.peakInFlight))   \(ratio(Double(governed.peakInFlight), Double(fixed.peakInFlight)))
              seconds                       \(String(format: "%8.2f", governed.seconds))  \(String(format: "%8.2f", fixed.seconds))   \(ratio(governed.seconds, fixed.seconds))
            """)
        #expect(governed.failures == 0)
        #expect(governed.throttledResponses < fixed.throttledResponses)
    }

    @Test func throttlingIsRetriedAndCounted() async throws {
        // A tiny bucket: the governor's first four requests, sent together and each running 50 ms, hold 200
        // units, well over the high-water mark of 150, so some are throttled whatever the governor does at first.
        // (At a mark of 200, the leak between their arrivals keeps the bucket just under full, and all four run.)
        try await SandboxHarness.run(
            sandbox: {
                $0.throttle = SandboxThrottle(hwm: 150, maximum: 300, outflowPerSecond: 400)
                $0.latency = .milliseconds(50)
                $0.throttleStatus = 429
            },
            client: { $0.retry.maximumThrottledAttempts = 100 }
        ) { harness in
            let client = harness.client
            let logger = harness.logger
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        _ = try await client.json(
                            .get(CanvasPath.apiV1("courses", String(2 + index % 40))), logger: logger)
                    }
                }
                try await group.waitForAll()
            }
            let snapshot = try #require(await client.throttleSnapshots().first)
            let stats = try await harness.control("GET", "/__sandbox/stats")
            #expect(snapshot.throttledCount == stats["throttled"]?.intValue)
            #expect(snapshot.throttledCount > 0)
            #expect((snapshot.limit ?? 0) >= 1 && (snapshot.limit ?? 0) <= 3)
            #expect(snapshot.lastRemaining != nil)
            let statuses = try await harness.logEntries().compactMap { $0["status"]?.intValue }
            #expect(statuses.filter { $0 == 429 }.count == snapshot.throttledCount)
        }
    }

    @Test func severalTokensTakeTurnsEachWithItsGovernor() async throws {
        try await SandboxHarness.run(sandbox: {
            $0.tokens = [randomCanvasToken(), randomCanvasToken(), randomCanvasToken()]
        }) { harness in
            for _ in 0..<9 { _ = try await harness.client.identity(logger: harness.logger) }
            let fingerprints = try await harness.logEntries().compactMap { $0["token"]?.stringValue }
            #expect(fingerprints.count == 9)
            #expect(Set(fingerprints).count == 3)
            #expect(Array(fingerprints[0..<3]) == Array(fingerprints[3..<6]))
            let snapshots = await harness.client.throttleSnapshots()
            #expect(snapshots.count == 3)
            #expect(snapshots.allSatisfy { $0.lastRemaining != nil })
        }
    }
}

private func pad(_ value: Int) -> String {
    String(repeating: " ", count: max(0, 8 - String(value).count)) + String(value)
}

extension ThrottleTests.WriteRun {
    /// Checks the client's own count agrees with the sandbox's before trusting either.
    func checked(against snapshots: [ThrottleSnapshot]) -> Self {
        let counted = snapshots.map(\.throttledCount).reduce(0, +)
        #expect(counted == throttledResponses)
        return self
    }
}
