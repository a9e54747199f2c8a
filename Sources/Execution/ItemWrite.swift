import Canvas
import JSONValues
import PlanModel
import RunContext

/// One kind of item write (a raw `request:`, an `ensure`), as the IO ``ItemLifecycle``'s commands call for.
///
/// The shell (`ItemExecution`) drives the machine, journals and guards; a write reads, looks up, sends and waits
/// through the client it was made with, and keeps what it learned for the item's outcome.
protocol ItemWrite {
    /// The machine for this write, with the admin's decision for a write with no lookup that may have run.
    func lifecycle(inDoubtPolicy: Executor.InDoubtPolicy) -> ItemLifecycle
    /// What the journal records the write as, once it is chosen.
    var action: ItemAction { get }
    /// The Canvas id of the object the write changes, when it exists.
    var targetID: String? { get }
    /// How the write counts against the job's limits.
    var counted: CountedWrite { get }
    /// What Canvas answered (or a lookup found), so far.
    var output: JSONValue { get }
    /// The HTTP status of Canvas's answer, when one was kept.
    var httpStatus: Int? { get }
    /// Why the last read, lookup, send or wait did not succeed.
    var problem: WriteProblem { get }

    /// Reads the live object and diffs it against the job (``ItemLifecycle/Command/read``).
    mutating func read() async throws -> ItemLifecycle.Event
    /// Looks up whether a write an earlier attempt may have made took effect (``ItemLifecycle/Command/lookUp``).
    mutating func lookUp() async throws -> ItemLifecycle.Event
    /// Sends the write once with `context`, whose observer journals it as sent; the client's own retries and
    /// lookups happen inside.
    mutating func send(context: CanvasRequestContext) async throws -> ItemLifecycle.SendResult
    /// Waits for the Canvas job the answered write started.
    mutating func waitForJob() async throws -> ItemLifecycle.WaitResult
    /// What the journal and later steps get for a confirmation from `source`.
    func confirmation(_ source: ItemLifecycle.Confirmation) -> ConfirmedWrite
    /// The failure of a write that may have run and cannot be looked up.
    var inDoubtWithoutLookup: ItemFailure { get }
    /// The before-values journaled with the write's intent, before anything is sent.
    var intentBeforeValues: JSONValue? { get }
}

extension ItemWrite {
    /// A write no read chooses is never asked to read; should it be, it reports a failed read, and the machine
    /// stops without sending.
    mutating func read() async throws -> ItemLifecycle.Event { .diffed(.failed) }

    /// A write that starts no Canvas job has nothing to wait for.
    mutating func waitForJob() async throws -> ItemLifecycle.WaitResult { .finished }

    /// A write whose before-values are known only from its answer journals none with its intent.
    var intentBeforeValues: JSONValue? { nil }
}

/// What a confirmed write journals and shows later steps.
struct ConfirmedWrite: Sendable, Hashable {
    /// The object or response later steps read.
    var output: JSONValue
    /// What the journal records as done.
    var action: ItemAction
    /// What later steps see as `item.status`.
    var status: ItemStatus
    /// The HTTP status of Canvas's answer; nil when a lookup found the object instead.
    var httpStatus: Int?
    /// What `easel undo` needs to take the write back (see ``BeforeValues``); nil when nothing was written.
    var beforeValues: JSONValue? = nil
    /// What the write did, when the write knows better than its action does (a conclusion, a reactivation).
    var outcome: ItemOutcome? = nil
    /// The names of the fields the write set or changed.
    var changedFields: [String] = []

    /// What an earlier attempt confirmed, as its journal record holds it.
    static func restored(from earlier: ItemRecord?) -> ConfirmedWrite {
        let action = earlier?.action ?? .none
        return ConfirmedWrite(
            output: earlier?.outputs ?? .null, action: action, status: action.resultStatus,
            httpStatus: earlier?.httpStatus)
    }
}
