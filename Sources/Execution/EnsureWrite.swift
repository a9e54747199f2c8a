import Canvas
import JSONValues
import Logging
import PlanModel
import Resources
import RunContext

/// An `ensure` write of one item: a read of the live object diffed against the job chooses its create, update
/// or delete, and the same read, made again after an earlier attempt, tells whether that attempt took effect.
struct EnsureWrite: ItemWrite {
    let kind: ResourceKind
    /// The item as the job wants it, its references not yet resolved.
    let item: EnsureItem
    /// What an earlier attempt of this run journaled for the item.
    let earlier: ItemRecord?
    /// The reviewed plan's item, when this process made that plan moments ago and its read may stand for a new
    /// one.
    let trustedReview: PlannedItem?
    /// What the write must still match of the reviewed plan.
    let review: ReviewedPlanCheck
    let client: any CanvasBoundary
    let logger: Logger
    /// The context of the item's reads.
    let context: CanvasRequestContext
    /// References read once for all items, and the listings read for this item's step.
    let reads: SharedReads
    /// The objects this process created in the run, as they were when the item started: the item is not looked up
    /// under one of them. Empty for an item an earlier attempt journaled, which may have been written under an
    /// object an earlier process created.
    let creations: PlannedCreations
    /// Where a create this item makes is noted for the items that follow.
    let createdObjects: RunCreations

    /// The item's plan, once read.
    private(set) var plan: EnsurePlan?
    private(set) var output: JSONValue = .null
    /// What Canvas answered the write, as it answered (`output` shows a deleted object as it was).
    private(set) var answer: JSONValue?
    private(set) var httpStatus: Int?
    private(set) var problem = WriteProblem()

    func lifecycle(inDoubtPolicy: Executor.InDoubtPolicy) -> ItemLifecycle {
        ItemLifecycle(ensureWith: inDoubtPolicy)
    }

    var action: ItemAction {
        switch plan?.action {
        case .create?: .create
        case .update?: .update
        case .delete?: .delete
        case .unchanged?, nil: .none
        }
    }

    var targetID: String? { plan?.live?["id"]?.interpolated }

    var counted: CountedWrite { plannedAction?.countedWrite ?? .change }

    private var plannedAction: PlannedAction? {
        plan.map { PlannedAction($0.action, kind: kind, live: $0.live) }
    }

    mutating func read() async throws -> ItemLifecycle.Event {
        try await diff(lookingUpEarlierWrite: false)
    }

    mutating func lookUp() async throws -> ItemLifecycle.Event {
        try await diff(lookingUpEarlierWrite: true)
    }

    /// Reads the live object, diffs it against the job, and checks the result against the reviewed plan.
    private mutating func diff(lookingUpEarlierWrite: Bool) async throws -> ItemLifecycle.Event {
        let plan: EnsurePlan
        do {
            plan = try await readPlan()
        } catch let error as CanvasError {
            // As the lookup of a write an earlier attempt may have made, a failed read leaves it in doubt: nothing
            // says that write did not happen.
            problem =
                lookingUpEarlierWrite
                ? WriteProblem(.lookupFailed(.object(kind: kind.name), cause: .canvas(error)), status: error.status)
                : WriteProblem(error)
            return .diffed(.failed)
        }
        self.plan = plan
        try review.check(PlannedAction(plan.action, kind: kind, live: plan.live))
        return .diffed(plan.action == .unchanged ? .nothingToWrite : .write)
    }

    /// The item's plan: from the object the reviewed plan read, when it may stand and still gives the planned
    /// action; otherwise read from Canvas now.
    private func readPlan() async throws -> EnsurePlan {
        if let planned = trustedReview {
            let resolved = try await kind.resolvingReferences(
                in: item, client: client, logger: logger, context: context, reads: reads)
            let action = try kind.plannedAction(for: resolved, live: planned.before)
            // Equal only when every value the plan showed was known: then its lookup was made (or not needed,
            // the parent being new) with the key used now.
            if PlannedAction(action, kind: kind, live: planned.before) == planned.action {
                return EnsurePlan(item: resolved, live: planned.before, action: action)
            }
        }
        return try await kind.plan(
            item, client: client, logger: logger, context: context, reads: reads, creations: creations)
    }

    mutating func send(context: CanvasRequestContext) async throws -> ItemLifecycle.SendResult {
        guard let plan else { throw PlanningError(.itemNotRead, itemKey: review.itemKey) }
        do {
            let answer = try await kind.apply(
                plan.action, to: plan.item, live: plan.live, client: client, logger: logger, context: context)
            self.answer = answer
            output = action == .delete ? (plan.live ?? answer) : answer
            // No status when the write's answer was lost and a lookup found its object.
            httpStatus = context.answeredWriteStatus
            return .answered
        } catch let error as CanvasError {
            problem = WriteProblem(error)
            if case .inDoubt = error.kind { return .inDoubt }
            return .failed
        }
    }

    /// Whether an earlier attempt's create, whose answer was lost, took effect: its object is there now. Later
    /// steps must see the item as created (a `when: item.status == 'created'` step depends on it).
    private var earlierCreateTookEffect: Bool {
        plan?.live != nil && earlier.map { $0.action == .create && $0.state.isUnsettled } == true
    }

    func confirmation(_ source: ItemLifecycle.Confirmation) -> ConfirmedWrite {
        guard let plan, source != .restored else { return .restored(from: earlier) }
        switch source {
        case .unchanged, .found, .assumed, .restored:
            let live = plan.live ?? .null
            if earlierCreateTookEffect {
                return ConfirmedWrite(
                    output: live, action: .create, status: .created, httpStatus: nil,
                    beforeValues: BeforeValues.foundCreate(kind: kind, plan: plan))
            }
            return ConfirmedWrite(output: live, action: .none, status: .unchanged, httpStatus: 200)
        case .answer:
            if case .create = plan.action, !earlierCreateTookEffect {
                // Created by this process just now: nothing can be under it yet but what this run writes.
                createdObjects.record(
                    plan.item, of: kind,
                    canvasID: answer?["id"].flatMap { $0.intValue.map(String.init) ?? $0.stringValue })
            }
            let beforeValues = BeforeValues.ensure(kind: kind, plan: plan, answer: answer)
            if earlierCreateTookEffect {
                return ConfirmedWrite(
                    output: output, action: .create, status: .created, httpStatus: httpStatus,
                    beforeValues: beforeValues)
            }
            return ConfirmedWrite(
                output: output, action: action, status: plan.action.status, httpStatus: httpStatus,
                beforeValues: beforeValues, outcome: ItemOutcome(plan.action, kind: kind, live: plan.live),
                changedFields: plan.action.changedFieldNames)
        }
    }

    var intentBeforeValues: JSONValue? {
        plan.flatMap { BeforeValues.ensure(kind: kind, plan: $0, answer: nil) }
    }

    var inDoubtWithoutLookup: ItemFailure {
        ItemFailure(state: .inDoubt, .noLookup(.object(kind: kind.name)), status: earlier?.httpStatus)
    }
}
