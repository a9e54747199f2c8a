/// One request's retries as a pure state machine: what each answer, error or lookup leads to.
///
/// The client feeds it what happened on the wire (`next(after:elapsed:jitter:)`) or what the lookup found
/// (`next(afterLookup:elapsed:)`) and does what it says: send, look up, or stop. It never does IO, sleeps or
/// draws random numbers itself, so every path is tested without a network or a clock.
///
/// The rule it keeps: a write that may have run (a 5xx, a timeout, or a connection lost after the body left) is
/// never sent again unless a lookup, made after any wait, said it had not run; the resend follows that lookup
/// at once. A write that may have run and cannot be looked up ends in doubt.
public struct RequestAttemptState: Sendable, Hashable {
    /// How a request may be repeated.
    public enum Safety: Sendable, Hashable, CaseIterable {
        /// Sending it twice is harmless (reads, keyed PUTs, DELETEs).
        case idempotent
        /// A write whose effect a lookup can find (an `ensure` create, a raw write with `verify:`).
        case verifiable
        /// A write nothing can check.
        case unverifiable
    }

    /// What happened to one attempt on the wire.
    public enum Outcome: Sendable, Hashable {
        /// A 2xx (or an accepted redirect).
        case answered
        /// Canvas's rate limit: the request never ran. `delay` is the wait chosen before the next send (zero when
        /// the governor paces it), `retryAfter` what Canvas asked for, which counts against the time limit.
        case throttled(delay: Duration, retryAfter: Duration?)
        /// A 5xx: the request may or may not have run (a gateway's 502 or 504 often comes after the commit).
        case serverError
        /// A 4xx; `alreadyInUse` when Canvas says a unique key (SIS id, login) is taken.
        case rejected(alreadyInUse: Bool)
        /// No answer: `sent` when the body may have left (a reset or closed connection after sending), `timeout`
        /// when no answer came in time (the request may still be running).
        case transportError(sent: Bool, timeout: Bool)
    }

    /// What a lookup found.
    public enum LookupResult: Sendable, Hashable, CaseIterable {
        /// The write's object exists: it ran.
        case found
        /// No such object: it has not run.
        case notFound
        /// The lookup itself failed: nothing is known.
        case failed
    }

    /// What to do next.
    public enum Command: Sendable, Hashable {
        /// Wait, then send the request (again).
        case send(after: Duration)
        /// Wait, then run the lookup and report what it found.
        case lookUp(after: Duration)
        /// Done: Canvas answered.
        case succeed
        /// Done: the lookup found the object the write makes.
        case found
        /// Done: the request failed and surely did not run (or was rejected); the last error stands.
        case fail
        /// Done: the write may have run and nothing tells whether it did.
        case inDoubt(InDoubtReason)
    }

    /// Why a write ended in doubt.
    public enum InDoubtReason: Sendable, Hashable {
        /// The write cannot be looked up.
        case noLookup
        /// The lookup failed.
        case lookupFailed
    }

    /// Why the last lookup is being made: it decides what "not found" leads to.
    enum LookupPurpose: Sendable, Hashable {
        /// After an answer that may hide a commit, with attempts left: not found means send again.
        case beforeResend
        /// After the last attempt: not found means the write failed.
        case lastCheck
        /// After "already in use" on a resend: not found means the rejection stands.
        case afterRejection
    }

    /// How the request may be repeated.
    public let safety: Safety
    /// The retry and settle times.
    public let policy: RetryPolicy
    /// Requests sent so far.
    public private(set) var sends = 0
    /// Failed attempts (5xx, transport errors) so far, for the backoff and the attempt limit.
    public private(set) var failures = 0
    /// Throttled attempts so far.
    public private(set) var throttles = 0
    /// Lookups asked for so far.
    public private(set) var looks = 0
    /// Whether an earlier send may have run and no lookup since said it did not.
    public private(set) var mayHaveRun = false
    /// Whether any send may have run (a 5xx or a lost answer), even if a lookup later said it had not yet.
    public private(set) var anySendMayHaveRun = false
    /// The lookup asked for and not yet answered.
    private(set) var lookupPending: LookupPurpose?

    /// A machine for one request.
    public init(safety: Safety, policy: RetryPolicy) {
        self.safety = safety
        self.policy = policy
    }

    /// The first command: send now.
    public mutating func start() -> Command {
        sends = 1
        return .send(after: .zero)
    }

    /// What follows an attempt's outcome; `elapsed` is the time since the first attempt, `jitter` a draw in 0...1.
    public mutating func next(after outcome: Outcome, elapsed: Duration, jitter: Double) -> Command {
        switch outcome {
        case .answered:
            return .succeed
        case .throttled(let delay, let retryAfter):
            throttles += 1
            guard throttles < policy.maximumThrottledAttempts,
                elapsed + max(delay, retryAfter ?? .zero) <= policy.maximumTotalTime
            else { return .fail }
            return resend(after: delay)
        case .rejected(let alreadyInUse):
            // A resend of a write that an earlier attempt may have made: "already in use" is that attempt's
            // object, committed late. On a first attempt it is a real conflict.
            guard alreadyInUse, safety == .verifiable, anySendMayHaveRun else { return .fail }
            return lookUp(.afterRejection, after: .zero)
        case .transportError(sent: false, _):
            failures += 1
            let delay = policy.delay(beforeRetry: failures, jitter: jitter)
            guard mayRetry(after: delay, elapsed: elapsed) else { return .fail }
            return resend(after: delay)
        case .serverError, .transportError(sent: true, _):
            failures += 1
            let delay = policy.delay(beforeRetry: failures, jitter: jitter)
            let canRetry = mayRetry(after: delay, elapsed: elapsed)
            switch safety {
            case .idempotent:
                return canRetry ? resend(after: delay) : .fail
            case .unverifiable:
                return .inDoubt(.noLookup)
            case .verifiable:
                mayHaveRun = true
                anySendMayHaveRun = true
                // The write may still be running inside Canvas: give it time to land before looking, and never
                // less than the backoff, so that the lookup is the last thing before any resend.
                let settle = max(policy.settle(beforeLook: looks + 1), canRetry ? delay : .zero)
                return lookUp(canRetry ? .beforeResend : .lastCheck, after: settle)
            }
        }
    }

    /// What follows a lookup's result.
    public mutating func next(afterLookup result: LookupResult, elapsed: Duration) -> Command {
        let purpose = lookupPending ?? .lastCheck
        lookupPending = nil
        switch result {
        case .found:
            return .found
        case .failed:
            return purpose == .afterRejection ? .fail : .inDoubt(.lookupFailed)
        case .notFound:
            mayHaveRun = false
            switch purpose {
            case .beforeResend: return resend(after: .zero)
            case .lastCheck, .afterRejection: return .fail
            }
        }
    }

    private func mayRetry(after delay: Duration, elapsed: Duration) -> Bool {
        failures < policy.maximumAttempts && elapsed + delay <= policy.maximumTotalTime
    }

    private mutating func resend(after delay: Duration) -> Command {
        assert(!mayHaveRun, "a write that may have run is never sent again without a lookup")
        sends += 1
        return .send(after: delay)
    }

    private mutating func lookUp(_ purpose: LookupPurpose, after delay: Duration) -> Command {
        looks += 1
        lookupPending = purpose
        return .lookUp(after: delay)
    }
}
