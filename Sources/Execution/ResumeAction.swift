/// What `resume` does with an item an earlier attempt left unfinished, decided from its journal record alone.
public enum ResumeAction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Nothing: it is confirmed or skipped.
    case keep
    /// Send it: nothing was sent, or the failure was Canvas's definite refusal.
    case send
    /// Look the object up by its key, and send only when it is not there.
    case lookUp = "look_up"
    /// Run the step's `verify:` read and send only when it finds nothing; with no `verify:`, stop and ask.
    case verifyOrAsk = "verify_or_ask"
    /// Run the step's `verify:` read first if it has one, then send it again: it failed after being sent, and a
    /// late commit may still have made it.
    case verifyOrSend = "verify_or_send"
    /// Wait for the Canvas job its accepted write started; never send it again.
    case waitAgain = "wait_again"

    /// What resume will do with `record`.
    public init(_ record: ItemRecord) {
        switch ItemLifecycle.Restored(record.state, attempts: record.attempts) {
        case .confirmed, .nothing: self = .keep
        case .answered: self = .waitAgain
        case .failedUnsent: self = .send
        case .mayHaveRun, .failedAfterSending:
            switch record.action {
            case .create, .update, .delete: self = .lookUp
            case .request: self = record.state == .failed ? .verifyOrSend : .verifyOrAsk
            case .read, .none: self = .send
            }
        }
    }

    /// The action in words, for `easel show`.
    public var description: String {
        switch self {
        case .keep: "nothing"
        case .send: "sends it again"
        case .lookUp: "looks it up by its key, and sends it only if it is not there"
        case .verifyOrAsk:
            "runs the step's verify: read and sends only if it finds nothing; with no verify:, asks "
                + "(--in-doubt resend or assume-done)"
        case .verifyOrSend: "runs the step's verify: read first if it has one, then sends it again"
        case .waitAgain: "waits for its Canvas job again; never sends it twice"
        }
    }
}
