/// Why a step as a whole could not run, or what failed once its items had: a value, whose ``description`` gives
/// the words of the apply summary.
public enum StepFailure: Sendable, CustomStringConvertible {
    /// A step it needs as a whole, `dependency`, did not complete.
    case blocked(by: String)
    /// The step could not start: its items could not be listed or evaluated, as `error` says.
    case notStarted(any Error)
    /// Its items ran, and its `export:` file at `path` could not be written, as `error` says.
    case exportFailed(path: String, any Error)

    public var description: String {
        switch self {
        case .blocked(let dependency): "not run: step '\(dependency)' did not complete"
        case .notStarted(let error): "\(error)"
        case .exportFailed(let path, let error): "the export to \(path) failed: \(error)"
        }
    }
}
