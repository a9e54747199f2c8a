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
}
