public import Canvas

/// One item's write as a pure state machine: from what the journal holds, through the read or lookup, intent,
/// send and the wait for Canvas's job, to confirmed, failed or in doubt.
///
/// Every write goes through it: a raw `request:` (``init(check:waits:inDoubtPolicy:)``) and an `ensure` write
/// whose create, update or delete a read of the live object chooses (``init(ensureWith:)``). The shell
/// (`ItemExecution`) does what each command says (read, journal, send, look up, wait) and reports what happened;
/// the machine never does IO. It keeps two promises:
/// - a write that may have run is never sent again unless a lookup made since says it did not run (or the admin
///   said to resend);
/// - a write Canvas answered with success is journaled as answered before anything else happens, and is never
///   sent again, whatever follows.
public struct ItemLifecycle: Sendable, Hashable {
    /// Whether a write that may have run can be looked up.
    public enum Check: Sendable, Hashable, CaseIterable {
        /// By its key (`ensure`) or its `verify:` read.
        case lookup
        /// Not at all: a raw write with no `verify:`.
        case none
    }

    /// What an earlier attempt left in the journal, as far as the machine cares.
    public enum Restored: Sendable, Hashable, CaseIterable {
        /// Nothing: the item was never attempted, or was skipped.
        case nothing
        /// Confirmed: its outputs stand.
        case confirmed
        /// Answered with success, its follow-up (the wait for a job) not finished.
        case answered
        /// Journaled as intent or sent, or in doubt: the write may have run.
        case mayHaveRun
        /// Failed after sending at least once: a late commit may still have made it.
        case failedAfterSending
        /// Failed before anything was sent.
        case failedUnsent

        /// The restored standing of a journal state; `attempts` is how many requests were sent for it.
        public init(_ state: ItemState?, attempts: Int) {
            switch state {
            case nil, .skipped?: self = .nothing
            case .confirmed?: self = .confirmed
            case .answered?: self = .answered
            case .intent?, .sent?, .inDoubt?: self = .mayHaveRun
            case .failed?: self = attempts > 0 ? .failedAfterSending : .failedUnsent
            case .refused?: self = attempts > 0 ? .failedAfterSending : .failedUnsent
            }
        }
    }

    /// What became of a send.
    public enum SendResult: Sendable, Hashable, CaseIterable {
        /// Canvas answered with success (or the client's own lookup found the object).
        case answered
        /// The write may have run and the client could not tell.
        case inDoubt
        /// Canvas refused it, or it surely did not run.
        case failed
    }

    /// What became of the wait for the job a write started.
    public enum WaitResult: Sendable, Hashable, CaseIterable {
        /// The job finished.
        case finished
        /// The job failed, timed out, or could not be followed.
        case failed
    }

    /// What an `ensure` item's read of the live object found, diffed against what the job wants.
    public enum Diff: Sendable, Hashable, CaseIterable {
        /// The object is already as the job wants it: nothing to write (after an earlier attempt, it took effect).
        case nothingToWrite
        /// A create, update or delete is needed (after an earlier attempt, it did not take effect).
        case write
        /// The read failed: nothing is known.
        case failed
    }

    /// What happened, as the shell reports it.
    public enum Event: Sendable, Hashable {
        /// A lookup's result.
        case lookup(RequestAttemptState.LookupResult)
        /// An `ensure` item's read and diff: its first read, or its lookup after an earlier attempt.
        case diffed(Diff)
        /// A send's result.
        case sent(SendResult)
        /// A wait's result.
        case waited(WaitResult)
    }

    /// Where the confirmation comes from.
    public enum Confirmation: Sendable, Hashable {
        /// The journal: an earlier attempt confirmed it.
        case restored
        /// Canvas's answer to this attempt (and its job, when it waits).
        case answer
        /// A lookup found the object an earlier attempt made.
        case found
        /// The admin said it happened (`--in-doubt assume-done`).
        case assumed
        /// An `ensure` item's read found the object already as the job wants it; nothing was written.
        case unchanged
    }

    /// Why the item ends in doubt.
    public enum DoubtReason: Sendable, Hashable {
        /// The write may have run and has no lookup; the admin must decide.
        case noLookup
        /// The lookup that would tell failed.
        case lookupFailed
        /// The send ended in doubt.
        case unanswered
    }

    /// What to do next.
    public enum Command: Sendable, Hashable {
        /// Read the live object and diff it against the job (an `ensure` item nothing was sent for yet): no settle
        /// time, as no earlier write can be running.
        case read
        /// Look the write's object up, once the settle time has passed since this process started: an earlier
        /// process may have died while the write was still running inside Canvas.
        case lookUp
        /// Journal the intent durably, then send.
        case send
        /// Journal the 2xx answer durably when `journalAnswer` (it came from this attempt), then wait for the job.
        case wait(journalAnswer: Bool)
        /// Done: confirmed.
        case confirm(Confirmation)
        /// Done: failed, and sending it again is safe.
        case fail
        /// Done: the write happened but its job did not finish well; it is never sent again.
        case failAfterAnswer
        /// Done: in doubt until a lookup or the admin says otherwise.
        case inDoubt(DoubtReason)
    }

    /// Where the item stands.
    public enum Phase: Sendable, Hashable {
        case start, reading, lookingUp, sending, waiting, done
    }

    /// How a write that may have run is checked.
    public let check: Check
    /// Whether the write starts a job that is waited for (`wait:`).
    public let waits: Bool
    /// The admin's decision for a write with no lookup that may have run.
    public let inDoubtPolicy: Executor.InDoubtPolicy
    /// Whether a read of the live object chooses the write, and is also its lookup (`ensure`).
    public let choosesByReading: Bool
    /// Where the item stands.
    public private(set) var phase: Phase = .start
    /// Whether a send of this item may have run and no lookup since said it did not.
    public private(set) var mayHaveRun = false
    /// Whether Canvas answered a send of this item with success.
    public private(set) var answered = false

    /// A machine for one item's raw write.
    public init(check: Check, waits: Bool, inDoubtPolicy: Executor.InDoubtPolicy = .stop) {
        self.check = check
        self.waits = waits
        self.inDoubtPolicy = inDoubtPolicy
        self.choosesByReading = false
    }

    /// A machine for one `ensure` item: a read of the live object chooses its create, update or delete, and the
    /// same read, made again, is the lookup of a write that may have run.
    public init(ensureWith inDoubtPolicy: Executor.InDoubtPolicy = .stop) {
        self.check = .lookup
        self.waits = false
        self.inDoubtPolicy = inDoubtPolicy
        self.choosesByReading = true
    }

    /// The first command, from what the journal holds of earlier attempts.
    public mutating func start(restoring restored: Restored) -> Command {
        switch restored {
        case .confirmed:
            return finish(.confirm(.restored))
        case .answered:
            answered = true
            if waits {
                phase = .waiting
                return .wait(journalAnswer: false)
            }
            return finish(.confirm(.answer))
        case .mayHaveRun, .failedAfterSending:
            mayHaveRun = true
            switch check {
            case .lookup:
                phase = .lookingUp
                return .lookUp
            case .none:
                // A failure after sending is definite for a write with no lookup: the client ends in doubt when
                // the write may have run.
                if restored == .failedAfterSending {
                    mayHaveRun = false
                    return send()
                }
                switch inDoubtPolicy {
                case .stop: return finish(.inDoubt(.noLookup))
                case .assumeDone: return finish(.confirm(.assumed))
                case .resend:
                    mayHaveRun = false
                    return send()
                }
            }
        case .nothing, .failedUnsent:
            if choosesByReading {
                phase = .reading
                return .read
            }
            return send()
        }
    }

    /// What follows an event.
    public mutating func next(after event: Event) -> Command {
        switch (phase, event) {
        case (.reading, .diffed(.nothingToWrite)):
            return finish(.confirm(.unchanged))
        case (.reading, .diffed(.write)):
            return send()
        case (.reading, .diffed(.failed)):
            return finish(.fail)
        case (.lookingUp, .diffed(.nothingToWrite)) where choosesByReading:
            return finish(.confirm(.found))
        case (.lookingUp, .diffed(.write)) where choosesByReading:
            // The read, made after the settle time, says the earlier write did not take effect (or not all of it):
            // the write it chooses now is sent once.
            mayHaveRun = false
            return send()
        case (.lookingUp, .diffed(.failed)) where choosesByReading:
            return finish(.inDoubt(.lookupFailed))
        case (.lookingUp, .lookup(.found)) where !choosesByReading:
            return finish(.confirm(.found))
        case (.lookingUp, .lookup(.notFound)) where !choosesByReading:
            mayHaveRun = false
            return send()
        case (.lookingUp, .lookup(.failed)) where !choosesByReading:
            return finish(.inDoubt(.lookupFailed))
        case (.sending, .sent(.answered)):
            answered = true
            mayHaveRun = false
            guard waits else { return finish(.confirm(.answer)) }
            phase = .waiting
            return .wait(journalAnswer: true)
        case (.sending, .sent(.inDoubt)):
            mayHaveRun = true
            return finish(.inDoubt(.unanswered))
        case (.sending, .sent(.failed)):
            return finish(.fail)
        case (.waiting, .waited(.finished)):
            return finish(.confirm(.answer))
        case (.waiting, .waited(.failed)):
            return finish(.failAfterAnswer)
        default:
            // An event the phase does not expect (a bug in the shell): stop without sending anything.
            return finish(mayHaveRun ? .inDoubt(.unanswered) : answered ? .failAfterAnswer : .fail)
        }
    }

    private mutating func send() -> Command {
        assert(!mayHaveRun && !answered, "a write that may have run is never sent again without a lookup")
        phase = .sending
        return .send
    }

    private mutating func finish(_ command: Command) -> Command {
        phase = .done
        return command
    }
}
