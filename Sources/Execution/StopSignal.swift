import Synchronization

/// A request to stop starting new work (Ctrl-C, or a failure under `on_error: stop`); work already in flight
/// finishes and is journaled.
public final class StopSignal: Sendable {
    /// Why the run stops.
    public enum Reason: Sendable, Hashable {
        /// The user asked (SIGINT or SIGTERM).
        case interrupted
        /// An item failed in a step whose `on_error` is `stop`.
        case failed(stepID: String)
        /// A failure every item would hit (Canvas unreachable, the token rejected, a permission a whole step
        /// lacks).
        case runFailure(RunLevelFailure)
    }

    private let state = Mutex<Reason?>(nil)

    /// A signal that has not fired.
    public init() {}

    /// Asks the run to stop; the first reason given is kept.
    public func request(_ reason: Reason) {
        state.withLock { current in
            if current == nil { current = reason }
        }
    }

    /// Why the run was asked to stop, or nil.
    public var reason: Reason? { state.withLock { $0 } }

    /// Whether the run was asked to stop.
    public var isRequested: Bool { reason != nil }
}
