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

    let process: ChildProcess
    private let arguments: [String]

    /// Starts `easel` with `arguments` in `folder`.
    init(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws {
        self.arguments = arguments
        process = try ChildProcess(
            executable: Self.binary, arguments: arguments, environment: Self.environment(environment),
            directory: folder)
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
        let watchdog = DispatchWorkItem { process.send(SIGKILL) }
        let (seconds, _) = limit.components
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(seconds)), execute: watchdog)
        let result = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let (termination, output, errors) = process.readToEndAndWait()
                let stdout = String(decoding: output, as: UTF8.self)
                let stderr = String(decoding: errors, as: UTF8.self)
                switch termination {
                case .exited(let status):
                    continuation.resume(
                        returning: EaselResult(status: status, endedBySignal: false, stdout: stdout, stderr: stderr))
                case .signalled(let signal):
                    continuation.resume(
                        returning: EaselResult(status: signal, endedBySignal: true, stdout: stdout, stderr: stderr))
                }
            }
        }
        watchdog.cancel()
        if result.endedBySignal && result.status == SIGKILL {
            Issue.record("easel \(arguments) did not finish within \(limit)")
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
