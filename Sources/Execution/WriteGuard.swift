public import JobSpec
public import PlanModel
import Resources
import Synchronization

/// What every write of a run passes before it is sent: the production confirmation and the job's `limits:`.
///
/// The executor consults it for each item just before journaling the item's intent, so it holds on every path
/// that writes (`apply JOB`, `apply PLAN`, `apply PLAN --refresh`, `resume`) and for the items of a fan-out that
/// are known only while the run goes. Each item is counted once: retrying it, or resuming a run in which it
/// was already sent, counts nothing more.
public final class WriteGuard: Sendable {
    /// The job's limits.
    public let limits: JobSpec.Limits
    /// Where the run writes; nil when the caller vouches for it (tests, tools that never write to production).
    public let environment: PlanEnvironment?
    /// The production host the user confirmed (typed at the prompt or gave as `--confirm-production`).
    public let confirmedHost: String?
    private let state = Mutex<(count: LimitCount, counted: Set<ItemID>)>((LimitCount(), []))

    /// One item of one step.
    struct ItemID: Hashable {
        var stepID: String
        var itemKey: String
    }

    /// A guard for a run of a job with `limits`, writing to `environment`.
    public init(limits: JobSpec.Limits, environment: PlanEnvironment? = nil, confirmedHost: String? = nil) {
        self.limits = limits
        self.environment = environment
        self.confirmedHost = confirmedHost
    }

    /// Why writes to the environment are refused outright, if they are: production not confirmed.
    public var productionRefusal: WriteRefusal? {
        guard let environment, environment.isProduction, confirmedHost != environment.host else { return nil }
        return .productionNotConfirmed(host: environment.host)
    }

    /// The writes counted so far.
    public var count: LimitCount { state.withLock { $0.count } }

    /// Counts a write an earlier attempt of the run already sent (or may have sent), without checking it: it
    /// happened, and a resume must not let the limit count it as unspent.
    func countEarlier(stepID: String, itemKey: String, as write: CountedWrite) {
        state.withLock { state in
            if state.counted.insert(ItemID(stepID: stepID, itemKey: itemKey)).inserted {
                state.count.count(write)
            }
        }
    }

    /// Admits one item's write, or throws why it must not be sent; an item already admitted is admitted again
    /// without being counted twice.
    func admit(stepID: String, itemKey: String, as write: CountedWrite) throws(WriteRefusal) {
        if let productionRefusal { throw productionRefusal }
        try state.withLock { (state) throws(WriteRefusal) in
            let id = ItemID(stepID: stepID, itemKey: itemKey)
            guard !state.counted.contains(id) else { return }
            var next = state.count
            next.count(write)
            if let exceeded = next.exceeded(limits) { throw WriteRefusal.limit(exceeded) }
            state.count = next
            state.counted.insert(id)
        }
    }
}

/// Why the write guard did not let a write be sent.
public enum WriteRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The environment is production and the run was not confirmed for its host.
    case productionNotConfirmed(host: String)
    /// The write would go over one of the job's `limits:`.
    case limit(LimitExceeded)

    public var description: String {
        switch self {
        case .productionNotConfirmed(let host):
            "not sent: \(host) is production and this run was not confirmed for it; "
                + "confirm with --confirm-production \(host)"
        case .limit(let exceeded): exceeded.runSentence
        }
    }
}

extension Step {
    /// Whether the step is a raw `DELETE` request.
    var sendsDelete: Bool {
        if case .request(let request) = kind { return request.method == .DELETE }
        return false
    }

    /// Whether an update of the step may replace its object: an `ensure` of a kind with a field Canvas cannot
    /// change in place (an enrollment's section).
    var mayReplaceObjects: Bool {
        guard case .ensure(let ensure) = kind, let resourceKind = try? ResourceKinds.named(ensure.kind.rawValue)
        else { return false }
        return resourceKind.fields.contains { $0.writability == .replacing }
    }
}
