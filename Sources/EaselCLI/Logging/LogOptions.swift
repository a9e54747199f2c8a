import ArgumentParser
import Logging

/// `--log-level` and `--log-file`, on every command: what Easel decided and why, for when something went wrong.
struct LogOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log Easel's decisions at this level or above: debug, info or warning (default: info with --log-file, "
                + "else no log). Without --log-file the lines go to standard error.",
            valueName: "LEVEL"))
    var logLevel: LogLevel?

    @Option(
        help: ArgumentHelp(
            "Append the log to FILE as JSON lines (one object per line: time, level, label, message, metadata).",
            valueName: "FILE"))
    var logFile: String?

    /// The log these options ask for: nothing unless one of them is given.
    func destination() throws -> LogDestination {
        if let logFile {
            return .jsonLines(try LogFile(path: logFile), level: (logLevel ?? .info).level)
        }
        if let logLevel { return .standardError(level: logLevel.level) }
        return .none
    }
}

/// The levels an operator chooses between.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    /// Every request retried, looked up or throttled, and every decision of the executor.
    case debug
    /// Retries, lookups, writes in doubt, reconciliation on resume, throttle pauses.
    case info
    /// Only what went wrong.
    case warning

    var level: Logger.Level {
        switch self {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        }
    }
}

/// A command that takes `--log-level` and `--log-file`; `Easel.main` starts its log before it runs.
protocol LoggedCommand {
    var logging: LogOptions { get }
}

extension ApplyCommand: LoggedCommand {}
extension EnvCommand.Check: LoggedCommand {}
extension GraphCommand: LoggedCommand {}
extension PlanCommand: LoggedCommand {}
extension ResumeCommand: LoggedCommand {}
extension RunsCommand: LoggedCommand {}
extension SandboxCommand: LoggedCommand {}
extension ShowCommand: LoggedCommand {}
extension StateMigrateCommand: LoggedCommand {}
extension StateCopyCommand: LoggedCommand {}
extension ValidateCommand: LoggedCommand {}
