import EaselTestSupport
import Foundation
import Testing

/// What one run of the `easel` executable did: its exit status and everything it printed.
struct EaselResult: Sendable, CustomStringConvertible {
    /// The exit status (or, after a signal, the signal's number).
    var status: Int32
    /// Whether the process ended by a signal rather than exiting.
    var endedBySignal: Bool
    /// Standard output.
    var stdout: String
    /// Standard error.
    var stderr: String

    var description: String { "exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)" }
}

/// The built `easel` executable, run as an admin runs it: a separate process with its own environment, standard
/// input closed, and its output read through pipes (so it is not a terminal).
struct EaselProcess: Sendable {
    /// The executable built beside the test bundle.
    static var binary: URL { KillAndResumeTests.easelBinary }

    /// The repository's root folder, for the example jobs.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A user configuration folder that does not exist, so that no environments file of the machine's user is read.
    static let noUserConfiguration = FileManager.default.temporaryDirectory
        .appendingPathComponent("easel-tests-no-user-configuration").path

    /// The environment a child gets: this process's, less what would change where Easel looks or how it prints.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["CANVAS_TOKEN", "EASEL_STATE_DIR", "EASEL_STATE_URL", "EASEL_ENVIRONMENTS", "NO_COLOR", "TERM"] {
            environment[name] = nil
        }
        environment["XDG_CONFIG_HOME"] = noUserConfiguration
        return environment.merging(extra) { _, new in new }
    }

    let process: Process
    private let output: Pipe
    private let errors: Pipe

    /// Starts `easel` with `arguments` in `folder`.
    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = Self.environment(environment)
        process.standardInput = FileHandle.nullDevice
        output = Pipe()
        errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try ProcessLaunch.run(process)
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Waits for the process to end, reading its output so that it never blocks on a full pipe; a process still
    /// running after `limit` is killed, and the test fails.
    ///
    /// The blocking reads run on Dispatch threads: blocking the test's cooperative threads would starve an
    /// in-process sandbox the child is talking to.
    func finish(within limit: Duration = .seconds(180)) async -> EaselResult {
        let process = process
        let watchdog = DispatchWorkItem {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        let (seconds, _) = limit.components
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(seconds)), execute: watchdog)
        let result = await withCheckedContinuation { continuation in
            let group = DispatchGroup()
            let texts = TextPair()
            for (index, pipe) in [output, errors].enumerated() {
                group.enter()
                DispatchQueue.global().async {
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    texts.set(index, String(decoding: data, as: UTF8.self))
                    group.leave()
                }
            }
            group.notify(queue: .global()) {
                process.waitUntilExit()
                let (stdout, stderr) = texts.values
                continuation.resume(
                    returning: EaselResult(
                        status: process.terminationStatus, endedBySignal: process.terminationReason == .uncaughtSignal,
                        stdout: stdout, stderr: stderr))
            }
        }
        watchdog.cancel()
        if result.endedBySignal && result.status == SIGKILL {
            Issue.record("easel \(process.arguments ?? []) did not finish within \(limit)")
        }
        return result
    }

    /// Runs `easel` with `arguments` in `folder` to its end.
    static func run(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:]
    ) async throws -> EaselResult {
        try await EaselProcess(arguments, in: folder, environment: environment).finish()
    }
}

/// Two texts filled in by two threads.
private final class TextPair: @unchecked Sendable {
    // @unchecked: every access holds the lock.
    private let lock = NSLock()
    private var texts = ["", ""]

    func set(_ index: Int, _ text: String) {
        lock.withLock { texts[index] = text }
    }

    var values: (String, String) { lock.withLock { (texts[0], texts[1]) } }
}
