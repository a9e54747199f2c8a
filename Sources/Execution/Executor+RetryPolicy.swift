import Canvas
import JobSpec

extension Executor {
    /// The retry policy of a step's requests: its `retry:`, then `defaults.retry`, then the client's policy for
    /// whatever neither sets; nil when neither sets anything.
    func retryPolicy(for step: Step) -> Canvas.RetryPolicy? {
        let written = (step.retry ?? JobSpec.RetryPolicy()).merged(over: graph.spec.defaults.retry)
        guard !written.isEmpty else { return nil }
        var policy = client.configuration.retry
        if let attempts = written.attempts { policy.maximumAttempts = attempts }
        if let backoff = written.backoff { policy.baseDelay = backoff }
        if let maxBackoff = written.maxBackoff { policy.maximumDelay = maxBackoff }
        if let maxTime = written.maxTime { policy.maximumTotalTime = maxTime }
        if let settle = written.settle { policy.settleDelay = settle }
        return policy
    }

    /// Waits until the step's settle time has passed since this process started the run: before looking up a write
    /// an earlier process may have left running inside Canvas.
    func settleAfterRestart(_ step: Step) async throws {
        let clock = client.configuration.clock
        let settle = (retryPolicy(for: step) ?? client.configuration.retry).settleDelay
        let remaining = startedAt + settle - clock.now()
        if remaining > .zero { try await clock.sleep(remaining) }
    }
}
