public import ArgumentParser
import Dispatch
import Foundation
public import Sandbox

/// `easel sandbox`: serves a local Canvas-compatible API.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Serve a local Canvas-compatible API.",
        discussion: """
            Serves on 127.0.0.1 until interrupted (Ctrl-C or SIGTERM), printing its URL and token. \
            A control surface that Canvas clients never see lives under /__sandbox/ (stats, reset, faults, cost); \
            it answers only requests with the sandbox's token (Authorization: Bearer) and a JSON body, never a form.
            """
    )

    @Option(help: "The API's port; 0 picks a free one.")
    var port: Int = 8765

    @Option(help: "The starting data: demo (an institution with courses and users) or empty.")
    var seed: SandboxSeed = .demo

    @Option(name: .customLong("token"), help: "An accepted access token (repeatable); one is generated if none.")
    var tokens: [String] = []

    @Option(name: .customLong("latency-ms"), help: "Milliseconds added to every API request, with ±25% jitter.")
    var latencyMilliseconds: Int = 0

    @Option(help: "canvas (Canvas's leaky bucket) or off.")
    var throttle: ThrottleMode = .canvas

    @Option(name: .customLong("throttle-status"), help: "The status of a throttled response: 403 or 429.")
    var throttleStatus: Int = 403

    @Option(help: "Injected faults, such as 500=0.05,drop=0.02,slow=0.01@2s,lost=0.05,applied504=0.02,late504=0.01@3s.")
    var faults: String?

    @Option(help: "An SQLite file that keeps the state across restarts.")
    var state: String?

    @Option(name: .customLong("ready-file"), help: "A file to write the URL into once the sandbox listens.")
    var readyFile: String?

    @Option(
        name: .customLong("sis-rows-per-second"),
        help: "How many SIS import rows are applied per second, one import at a time per account.")
    var sisRowsPerSecond: Double = 115

    @Option(name: .customLong("random-seed"), help: "The seed of the random faults and jitter.")
    var randomSeed: UInt64 = 1

    @Flag(
        name: .customLong("strict-parameters"),
        help: "Answer 400 to a parameter Canvas's endpoint catalog does not document for its endpoint.")
    var strictParameters = false

    /// Whether the throttle runs.
    enum ThrottleMode: String, ExpressibleByArgument, CaseIterable {
        case canvas, off
    }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard [403, 429].contains(throttleStatus) else {
            throw ValidationError("--throttle-status must be 403 or 429.")
        }
        guard latencyMilliseconds >= 0 else { throw ValidationError("--latency-ms must be 0 or more.") }
        if let faults {
            do { _ = try SandboxFaults(parsing: faults) } catch { throw ValidationError("--faults: \(error)") }
        }
    }

    @OptionGroup var logging: LogOptions

    func run() async throws {
        var configuration = SandboxConfiguration()
        configuration.port = port
        configuration.seed = seed
        configuration.tokens = tokens
        configuration.latency = .milliseconds(latencyMilliseconds)
        configuration.latencyJitter = .milliseconds(latencyMilliseconds / 4)
        configuration.throttle = throttle == .off ? nil : SandboxThrottle()
        configuration.throttleStatus = throttleStatus
        configuration.faults = try faults.map { try SandboxFaults(parsing: $0) } ?? SandboxFaults()
        configuration.statePath = state
        configuration.strictParameters = strictParameters
        configuration.randomSeed = randomSeed
        configuration.sisRowsPerSecond = max(0.001, sisRowsPerSecond)
        let readyFile = self.readyFile
        let seedName = configuration.seed.rawValue
        let output = TerminalOutput()
        let server = Task {
            try await runSandbox(configuration) { sandbox in
                output.printOut("Canvas sandbox listening on \(sandbox.baseURL)")
                output.printOut("Uploads go to \(sandbox.uploadBaseURL)")
                for token in sandbox.tokens { output.printOut("Token: \(token)") }
                output.printOut("Seed: \(seedName). Press Ctrl-C to stop.")
                if let readyFile {
                    try Data((sandbox.baseURL + "\n").utf8).write(
                        to: URL(fileURLWithPath: readyFile), options: .atomic)
                }
            }
        }
        // Ctrl-C and SIGTERM stop the sandbox cleanly instead of killing the process.
        let signalQueue = DispatchQueue(label: "easel.sandbox.signals")
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: signalQueue)
            source.setEventHandler { server.cancel() }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            if let readyFile { try? FileManager.default.removeItem(atPath: readyFile) }
        }
        do {
            try await server.value
        } catch {
            output.printError("error: \(error)")
            throw ExitCode(1)
        }
        output.printOut("Sandbox stopped.")
    }
}

extension SandboxSeed: ExpressibleByArgument {}
