/// A run that stopped after saying why on the session's output: what is left is to exit with `status`.
public struct SessionStop: Error, Sendable, Equatable {
    /// The status the process exits with.
    public let status: ExitStatus

    /// A stop that exits with `status`.
    public init(_ status: ExitStatus) {
        self.status = status
    }
}
