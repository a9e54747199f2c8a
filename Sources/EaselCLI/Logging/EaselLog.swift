import ArgumentParser
import Foundation
import Logging
import Synchronization

/// Where the log goes, chosen once by `--log-level`/`--log-file` before a command runs.
enum LogDestination: Sendable {
    /// No log (the default).
    case none
    /// Readable lines on standard error.
    case standardError(level: Logger.Level)
    /// JSON lines appended to a file.
    case jsonLines(LogFile, level: Logger.Level)
}

/// The loggers Easel's commands hand to the library, all writing where the command's options said.
enum EaselLog {
    private static let destination = Mutex(LogDestination.none)

    /// Sends every logger made from now on to `newDestination`.
    static func start(_ newDestination: LogDestination) {
        destination.withLock { $0 = newDestination }
    }

    /// A logger labelled `label` (`easel.plan`, `easel.apply` …).
    static func logger(_ label: String) -> Logger {
        let chosen = destination.withLock { $0 }
        return Logger(label: label) { label in
            switch chosen {
            case .none:
                SwiftLogNoOpLogHandler()
            case .standardError(let level):
                EaselLogHandler(label: label, logLevel: level, sink: .standardError)
            case .jsonLines(let file, let level):
                EaselLogHandler(label: label, logLevel: level, sink: .file(file))
            }
        }
    }
}

/// A file the log is appended to, shared by every logger of the process.
final class LogFile: Sendable {
    private let descriptor: Mutex<Int32>

    /// Opens `path` for appending, creating it readable by the user alone.
    init(path: String) throws {
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            throw ValidationError("cannot open the log file \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = Mutex(opened)
    }

    deinit { descriptor.withLock { _ = close($0) } }

    /// Appends `line` and a newline in one write, so that lines from several tasks never interleave.
    func append(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        descriptor.withLock { descriptor in
            _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        }
    }
}
