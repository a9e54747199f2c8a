public import Execution

/// What watches a run while its executor works: a progress display, a handler that turns Ctrl-C into a stop.
public protocol RunWatcher: Sendable {
    /// Called as the executor starts, with the progress it reports and the signal that stops it.
    func executorStarted(progress: RunProgress, stop: StopSignal)
    /// Called as soon as the executor ends, before the run's end is journaled.
    func executorEnded() async
    /// Called once the run's end is journaled and its results file written (or it failed).
    func runFinished()
}

/// A run nobody watches.
public struct UnwatchedRun: RunWatcher {
    /// A watcher that does nothing.
    public init() {}
    public func executorStarted(progress: RunProgress, stop: StopSignal) {}
    public func executorEnded() async {}
    public func runFinished() {}
}
