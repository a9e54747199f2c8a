/// How a run ended, or that it is still going.
public enum RunStatus: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// Started and not finished (or killed before it could say otherwise).
    case running
    /// Every step succeeded.
    case succeeded
    /// Some step failed.
    case failed
    /// Stopped by Ctrl-C after journaling; resumable.
    case interrupted

    /// The status as the journal and the command line spell it.
    public var description: String { rawValue }
}
