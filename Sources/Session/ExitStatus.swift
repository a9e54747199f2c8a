public import Canvas
import Diagnostics
import Execution
import Expressions
import Foundation
import JSONValues
import PlanModel
import PostgresJournal
import Resources
import RunContext

/// What `easel` exits with: one table for every command, in the spirit of BSD's sysexits, so that a script or a
/// scheduler can tell "fix the job" from "Canvas is down" from "try again later".
public enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Done, and nothing failed.
    case success = 0
    /// Items failed, the plan exceeds the job's limits, or Canvas refused something.
    case failed = 1
    /// `plan --detailed-exitcode`: the plan has changes.
    case planHasChanges = 2
    /// A mistake in the command line or the setup: an unknown flag, environment or file, a missing token.
    case usage = 64
    /// The job file (or a saved plan) is not valid.
    case invalidJob = 65
    /// Canvas could not be reached: DNS, a refused connection, TLS, a timeout.
    case canvasUnreachable = 69
    /// A fault in Easel itself.
    case internalError = 70
    /// Another process holds the job or the run; try again once it is done.
    case temporary = 75
    /// Canvas refused the token, or the token may not do what the job asks.
    case notPermitted = 77
    /// Interrupted (Ctrl-C); the run can be resumed.
    case interrupted = 130

    /// The status a Canvas error leads to, when nothing more specific applies.
    public init(_ error: CanvasError) {
        switch error.kind {
        case .configuration, .insecureURL, .untrustedHost: self = .usage
        case .network, .timeout: self = .canvasUnreachable
        case .invalidToken, .notPermitted: self = .notPermitted
        default: self = .failed
        }
    }

    /// The status an error that reached `main` leads to: by its kind for the errors Easel expects (a job, Canvas,
    /// journal, lock, permission or interrupt error, a file the system refused), `internalError` for any other,
    /// which is a fault in Easel itself. Command-line errors are the command line's own to report.
    public init(reaching error: any Error) {
        switch error {
        case let error as CanvasError: self.init(error)
        case let error as PlanningError: self = error.canvasCause.map(Self.init) ?? .failed
        case is JobLockError: self = .temporary
        case let error as JournalError:
            if case .runLocked = error { self = .temporary } else { self = .failed }
        case is DiagnosticsError: self = .invalidJob
        case is PostgresLocationError: self = .usage
        case is CancellationError: self = .interrupted
        case is WriteRefusal, is LimitExceeded, is ExportPathError, is EvaluationError, is JSONParsingError,
            is ResourceError, is SISRowProblem, is CocoaError, is POSIXError:
            self = .failed
        default: self = .internalError
        }
    }

    /// What `easel` prints for an error that reached `main`: `error: …`, and for a fault in Easel itself, that it
    /// is one and where to report it.
    public static func message(reaching error: any Error) -> String {
        guard ExitStatus(reaching: error) == .internalError else { return "error: \(error)" }
        return "error: internal error: \(error)\n"
            + "hint: this is a fault in Easel, not in the job or in Canvas; please report it with the command you "
            + "ran and this message (run with --log-level debug for more)"
    }
}
