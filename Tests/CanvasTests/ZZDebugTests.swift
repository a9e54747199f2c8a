import Canvas
import Foundation
import JSONValues
import Logging
import Sandbox
import Testing

@Suite struct ZZDebugTests {
    @Test func debugGoverned() async throws {
        try await SandboxHarness.run(
            sandbox: { $0.latency = .milliseconds(5) },
            client: {
                $0.governor = .adaptive
                $0.retry = RetryPolicy(maximumThrottledAttempts: 60, baseDelay: .milliseconds(50), maximumDelay: .seconds(1))
            }
        ) { harness in
            let client = harness.client
            let logger = harness.logger
            let monitor = Task {
                let start = ContinuousClock.now
                while !Task.isCancelled {
                    let s = await client.throttleSnapshots()[0]
                    print("SNAP", start.duration(to: .now), s)
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<32 {
                    group.addTask {
                        for k in 0..<10 {
                            let request = CanvasRequest(
                                .put, CanvasPath.apiV1("courses", String(2 + (index * 10 + k) % 49)),
                                body: .form(["course": ["name": .string("Write \(index)")]]))
                            _ = try? await client.send(request, logger: logger)
                        }
                    }
                }
            }
            monitor.cancel()
            let entries = try await harness.logEntries()
            for e in entries.prefix(400) {
                print("LOG", e["time"] ?? "", e["status"] ?? "", e["rate_limit_remaining"] ?? e["rateLimitRemaining"] ?? "", e["attempt"] ?? "", e["duration_ms"] ?? e["durationMilliseconds"] ?? "")
            }
        }
    }
}
