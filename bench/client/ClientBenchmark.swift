import ArgumentParser
import Canvas
import Foundation
import JSONValues
import Logging
import OrderedCollections
import Sandbox

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Writes per second through the Canvas client against a throttled sandbox with latency: the adaptive governor
/// beside fixed-concurrency clients and the throttle's theoretical limit, as ratios, in one run.
@main
struct ClientBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "client-benchmark",
        abstract: "Measures the Canvas client's throughput against the throttled sandbox.")

    @Option(help: "Writes per contender (course renames, PUT).")
    var writes = 1000

    @Option(help: "Requests the governed client is asked to run at once.")
    var parallelism = 32

    @Option(help: "The fixed-concurrency settings to compare, comma-separated.")
    var fixed = "4,8,11,16,32"

    @Option(help: "Mean latency of every request, in milliseconds (±25% jitter).")
    var latencyMs = 40

    @Option(help: "The throttle's cost of one write (Canvas charges about 0.01 for a cheap request).")
    var cost = 0.01

    @Option(help: "Attempts for a throttled request before it counts as failed.")
    var throttledAttempts = 30

    func run() async throws {
        let throttle = SandboxThrottle(requestCost: cost)
        let latency = Duration.milliseconds(latencyMs)
        let limit = TheoreticalLimit(throttle: throttle, latency: latency, writes: writes)
        FileHandle.standardError.write(
            Data("\(writes) writes per contender, \(latencyMs) ms latency, cost \(cost)\n".utf8))

        var results: [(name: String, run: WriteRun)] = []
        let governed = try await measure(governor: .adaptive, concurrency: parallelism, throttle: throttle)
        results.append(("governor, parallelism \(parallelism)", governed))
        var fixedRuns: [(Int, WriteRun)] = []
        for concurrency in fixed.split(separator: ",").compactMap({ Int($0) }) {
            let run = try await measure(governor: .disabled, concurrency: concurrency, throttle: throttle)
            fixedRuns.append((concurrency, run))
            results.append(("fixed concurrency \(concurrency)", run))
        }
        let best = fixedRuns.filter { $0.1.failures == 0 }.max { $0.1.writesPerSecond < $1.1.writesPerSecond }

        print(
            "\(pad("contender", 28)) \(pad("writes/s", 9)) \(pad("seconds", 8)) \(pad("requests", 9))"
                + " \(pad("throttled", 9)) \(pad("failed", 7)) \(pad("peak", 5))  governor ÷ it")
        for (name, run) in results {
            print(
                "\(pad(name, 28)) \(pad(format(run.writesPerSecond), 9)) \(pad(format(run.seconds), 8))"
                    + " \(pad("\(run.requests)", 9)) \(pad("\(run.throttled)", 9)) \(pad("\(run.failures)", 7))"
                    + " \(pad("\(run.peakInFlight)", 5))  \(format(governed.writesPerSecond / run.writesPerSecond))")
        }
        print(
            "\(pad("theoretical limit", 28)) \(pad(format(limit.writesPerSecond), 9)) \(pad(format(limit.seconds), 8))"
                + " \(pad("\(writes)", 9)) \(pad("0", 9)) \(pad("0", 7)) \(pad("\(limit.inFlight)", 5))"
                + "  \(format(governed.writesPerSecond / limit.writesPerSecond))")
        print("")
        print("theoretical limit: \(limit.explanation)")
        if let best {
            print(
                "governor ÷ best fixed (\(best.0) at once, no failure): \(format(governed.writesPerSecond / best.1.writesPerSecond))× the writes per second, "
                    + "\(governed.throttled) vs \(best.1.throttled) throttled responses")
        } else {
            print("no fixed-concurrency setting finished without a failed write")
        }
        print(
            "governor ÷ theoretical limit: \(format(100 * governed.writesPerSecond / limit.writesPerSecond))% of the most any client could do"
        )
    }

    /// Runs the writes against a fresh sandbox, so every contender starts with an empty bucket.
    func measure(
        governor: CanvasClientConfiguration.GovernorMode, concurrency: Int, throttle: SandboxThrottle
    ) async throws -> WriteRun {
        var sandboxConfiguration = SandboxConfiguration()
        sandboxConfiguration.throttle = throttle
        sandboxConfiguration.latency = .milliseconds(latencyMs)
        sandboxConfiguration.latencyJitter = .milliseconds(latencyMs / 4)
        let logger = Logger(label: "easel.bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let run = try await withSandbox(sandboxConfiguration) { sandbox in
            let configuration = CanvasClientConfiguration(
                baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init),
                retry: RetryPolicy(maximumThrottledAttempts: throttledAttempts), governor: governor)
            return try await withCanvasClient(configuration) { client in
                let started = ContinuousClock.now
                let failures = await Self.renameCourses(
                    count: writes, concurrency: concurrency, client: client, logger: logger)
                let elapsed = started.duration(to: .now)
                let stats = try await Self.stats(of: sandbox)
                return WriteRun(
                    seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    writes: writes, failures: failures, requests: stats["total_requests"]?.intValue ?? 0,
                    throttled: stats["throttled"]?.intValue ?? 0,
                    peakInFlight: stats["peak_in_flight"]?.objectValue?.values.compactMap(\.intValue).max() ?? 0)
            }
        }
        FileHandle.standardError.write(
            Data(
                "  \(governor == .disabled ? "fixed \(concurrency)" : "governor"): \(format(run.seconds)) s, \(run.throttled) throttled\n"
                    .utf8))
        return run
    }

    /// Renames the demo seed's courses `count` times, `concurrency` requests at a time; returns how many failed.
    static func renameCourses(count: Int, concurrency: Int, client: CanvasClient, logger: Logger) async -> Int {
        await withTaskGroup(of: Bool.self, returning: Int.self) { group in
            var next = 0
            var failures = 0
            func start(_ index: Int) {
                group.addTask {
                    let request = CanvasRequest(
                        .put, CanvasPath.apiV1("courses", String(2 + index % 49)),
                        body: .form(["course": ["name": .string("Benchmark \(index)")]]))
                    return (try? await client.send(request, logger: logger)) != nil
                }
            }
            while next < min(concurrency, count) {
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
    }

    /// The sandbox's request statistics (its control surface, which is not Canvas).
    static func stats(of sandbox: RunningSandbox) async throws -> JSONValue {
        var request = URLRequest(url: URL(string: sandbox.controlURL("/__sandbox/stats"))!)
        request.setValue("Bearer \(sandbox.token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        return try JSONValue(parsing: String(decoding: data, as: UTF8.self))
    }
}

/// What one contender's writes looked like.
struct WriteRun {
    var seconds: Double
    var writes: Int
    var failures: Int
    var requests: Int
    var throttled: Int
    var peakInFlight: Int

    var writesPerSecond: Double { Double(writes - failures) / seconds }
}

/// The least time any client could take for the writes, from the throttle's constants.
struct TheoreticalLimit {
    /// The most requests Canvas admits at once: one more would bring the bucket's reservations to its mark.
    let inFlight: Int
    let seconds: Double
    let explanation: String
    var writesPerSecond: Double

    init(throttle: SandboxThrottle, latency: Duration, writes: Int) {
        let latencySeconds = Double(latency.components.attoseconds) / 1e18 + Double(latency.components.seconds)
        inFlight = Int((throttle.hwm / throttle.upFrontCost).rounded(.up)) - 1
        let concurrencyBound = Double(writes) * latencySeconds / Double(inFlight)
        let outflowBound = max(0, Double(writes) * throttle.requestCost - throttle.hwm) / throttle.outflowPerSecond
        seconds = max(concurrencyBound, outflowBound)
        writesPerSecond = Double(writes) / seconds
        explanation =
            concurrencyBound >= outflowBound
            ? "\(inFlight) requests in flight (⌈hwm \(Int(throttle.hwm)) ÷ \(Int(throttle.upFrontCost)) up front⌉ − 1), each \(Int(latencySeconds * 1000)) ms"
            : "the bucket's outflow: (\(writes) × \(throttle.requestCost) − hwm \(Int(throttle.hwm))) ÷ \(throttle.outflowPerSecond) a second"
    }
}

private func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

private func format(_ value: Double) -> String { String(format: "%.2f", value) }
