import Canvas
import Expressions
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import Planning
import Resources
import Synchronization

/// One item of one step, carried out: its condition, its read or write, and its journal records before and after.
struct ItemExecution: Sendable {
    let runner: StepRunner
    let item: StepItem
    /// What an earlier attempt of this run journaled for the item.
    let earlier: ItemRecord?
    /// The write this attempt journaled as intent, for the records that follow it.
    private let attempt = JournaledAttempt()

    private var executor: Executor { runner.executor }
    private var step: Step { runner.step }
    private var context: CanvasRequestContext {
        CanvasRequestContext(stepID: step.id, itemKey: item.key, retryPolicy: executor.retryPolicy(for: step))
    }

    /// The context of the item's write, whose observer journals the item as sent when its first request leaves
    /// and keeps the status Canvas answered with.
    private func writeContext() -> CanvasRequestContext {
        let execution = self
        let observer = WriteObserver {
            guard let action = execution.attempt.action else { return }
            // A journal that fails here fails again at the item's next record, which reports it.
            try? await execution.record(
                .sent, action: action, attempts: execution.attempt.attempts(earlier: execution.earlier))
        }
        return CanvasRequestContext(
            stepID: step.id, itemKey: item.key, writeObserver: observer, retryPolicy: executor.retryPolicy(for: step))
    }

    /// Carries the item out and returns what later steps see of it; throws only when the journal fails.
    func run() async throws -> ItemResult {
        if let earlier, earlier.state == .confirmed {
            executor.progress.update(step.id) { $0.restored += 1 }
            return result(output: earlier.outputs ?? .null, status: earlier.action.resultStatus)
        }
        executor.progress.update(step.id) { $0.inFlight += 1 }
        defer { executor.progress.update(step.id) { $0.inFlight -= 1 } }
        do {
            guard try step.condition(for: item, in: runner.scope) == true else {
                let reason = "when: \(step.when?.description ?? "") is false"
                try await record(.skipped, action: .none, error: reason)
                executor.progress.update(step.id) { $0.skipped += 1 }
                return result(output: .null, status: "skipped")
            }
            switch step.kind {
            case .get, .request:
                guard
                    let request = try step.resolvedRequest(
                        for: item, in: runner.scope, defaults: executor.graph.spec.defaults)
                else { throw PlanningError("the step has no request", stepID: step.id) }
                if request.method == "GET" { return try await read(request) }
                guard case .request(let spec) = step.kind else { return try await read(request) }
                return try await write(request, spec: spec)
            case .ensure:
                return try await ensure()
            }
        } catch let failure as ItemFailure {
            return try await fail(failure)
        } catch let refusal as WriteRefusal {
            // A write the guard refuses stops the whole run: the next item would be refused for the same reason.
            executor.stop.request(.failed(stepID: step.id))
            return try await fail(ItemFailure(state: .failed, message: refusal.description, status: nil))
        } catch let error as CanvasError {
            if let reason = RunLevelFailure.reason(in: error) { executor.stop.request(.runFailure(reason)) }
            if case .inDoubt = error.kind {
                return try await fail(ItemFailure(state: .inDoubt, message: error.description, status: error.status))
            }
            return try await fail(ItemFailure(state: .failed, message: error.description, status: error.status))
        } catch let error as JournalError {
            throw error
        } catch {
            return try await fail(ItemFailure(state: .failed, message: "\(error)", status: nil))
        }
    }

    // MARK: - Reads

    private func read(_ request: ResolvedRequest) async throws -> ItemResult {
        let output = try await executor.client.getAll(request.canvasRequest(context: context), logger: executor.logger)
        try await record(.confirmed, action: .read, httpStatus: 200, outputs: output)
        executor.progress.update(step.id) { $0.done += 1 }
        return result(output: output, status: "read")
    }

    // MARK: - Raw writes

    private func write(_ request: ResolvedRequest, spec: Step.RequestStep) async throws -> ItemResult {
        try checkReviewed(
            .request(method: request.method, path: request.path, query: request.query, body: request.body))
        var machine = ItemLifecycle(
            check: spec.verify == nil ? .none : .lookup, waits: spec.wait != nil,
            inDoubtPolicy: executor.options.inDoubtPolicy)
        var command = machine.start(restoring: .init(earlier?.state, attempts: earlier?.attempts ?? 0))
        // What Canvas answered, from this attempt or journaled by an earlier one.
        var output = earlier?.state == .answered ? earlier?.outputs ?? .null : .null
        var httpStatus = earlier?.state == .answered ? earlier?.httpStatus : nil
        // Why the last step did not succeed, for the journal.
        var problem: (message: String, status: Int?) = ("", nil)
        while true {
            switch command {
            case .lookUp:
                try await executor.settleAfterRestart(step)
                guard let verify = spec.verify else {
                    command = machine.next(after: .lookup(.failed))
                    continue
                }
                do {
                    if let found = try await verified(verify) {
                        output = found
                        command = machine.next(after: .lookup(.found))
                    } else {
                        command = machine.next(after: .lookup(.notFound))
                    }
                } catch let error as JournalError {
                    throw error
                } catch {
                    problem = (
                        "an earlier attempt sent \(request.line) and may have made it, and the verify: read that "
                            + "would tell failed (\(Self.describe(error))); resume looks again", earlier?.httpStatus
                    )
                    command = machine.next(after: .lookup(.failed))
                }
            case .send:
                try executor.writeGuard.admit(
                    stepID: step.id, itemKey: item.key, as: request.method == "DELETE" ? .delete : .change)
                try await record(.intent, action: .request, attempts: (earlier?.attempts ?? 0) + 1, durable: true)
                var canvasRequest = request.canvasRequest(context: writeContext())
                if let verify = spec.verify {
                    canvasRequest.retrySafety = .nonIdempotent
                    let execution = self
                    canvasRequest.verify = { try await execution.verified(verify) }
                }
                do {
                    let response = try await executor.client.send(canvasRequest, logger: executor.logger)
                    httpStatus = response.status
                    // The write happened whatever its body says: an answer that is not JSON is kept as text.
                    output =
                        response.body.isEmpty
                        ? .null : (try? response.json()) ?? .string(String(decoding: response.body, as: UTF8.self))
                    command = machine.next(after: .sent(.answered))
                } catch let error as CanvasError {
                    if let reason = RunLevelFailure.reason(in: error) { executor.stop.request(.runFailure(reason)) }
                    problem = (error.description, error.status)
                    if case .inDoubt = error.kind {
                        command = machine.next(after: .sent(.inDoubt))
                    } else {
                        command = machine.next(after: .sent(.failed))
                    }
                }
            case .wait(let journalAnswer):
                if journalAnswer {
                    // Durable before the wait: after a crash, a failed job or a lost poll, resume waits for this
                    // job again and never sends a second course copy or SIS import.
                    try await record(
                        .answered, action: .request, attempts: attempt.attempts(earlier: earlier),
                        canvasID: output["id"]?.interpolated, httpStatus: httpStatus, outputs: output, durable: true)
                }
                do {
                    switch spec.wait {
                    case .progress?: output = try await waitForProgress(named: output)
                    case .sisImport?: output = try await waitForSISImport(output, path: request.path)
                    case nil: break
                    }
                    command = machine.next(after: .waited(.finished))
                } catch let error as JournalError {
                    throw error
                } catch {
                    problem = (
                        "Canvas accepted \(request.line) (HTTP \(httpStatus.map(String.init) ?? "2xx")) but its job did "
                            + "not finish well: \(Self.describe(error)); it is not sent again, and resume waits for "
                            + "the same job", httpStatus
                    )
                    command = machine.next(after: .waited(.failed))
                }
            case .confirm(.restored), .confirm(.answer):
                return try await confirm(output, action: .request, status: "sent", httpStatus: httpStatus)
            case .confirm(.found):
                return try await confirm(output, action: .request, status: "sent", httpStatus: earlier?.httpStatus)
            case .confirm(.assumed):
                return try await confirm(.null, action: .request, status: "sent", httpStatus: nil)
            case .fail:
                throw ItemFailure(state: .failed, message: problem.message, status: problem.status)
            case .failAfterAnswer:
                throw ItemFailure(
                    state: .answered, message: problem.message, status: problem.status, outputs: output)
            case .inDoubt(.noLookup):
                throw ItemFailure(
                    state: .inDoubt,
                    message:
                        "an earlier attempt sent \(request.line) and its answer was lost, and the step has no "
                        + "verify: read to tell whether it took effect; check Canvas, then resume with "
                        + "--in-doubt resend or --in-doubt assume-done",
                    status: earlier?.httpStatus)
            case .inDoubt(.lookupFailed), .inDoubt(.unanswered):
                throw ItemFailure(state: .inDoubt, message: problem.message, status: problem.status)
            }
        }
    }

    /// An error's words for a Canvas admin.
    static func describe(_ error: any Error) -> String {
        (error as? CanvasError)?.description ?? (error as? ItemFailure)?.message ?? "\(error)"
    }

    /// The object a `verify:` read finds for this item: the write already happened when there is one.
    private func verified(_ verify: Step.Verify) async throws -> JSONValue? {
        let scope = runner.scope.evaluationScope(item: item.value)
        let path = try verify.path.evaluateString(in: scope, escapingInterpolations: CanvasPath.encodeSegment)
        let query = try verify.query?.evaluate(in: scope) ?? [:]
        let match = try verify.match?.evaluate(in: scope)
        let found: JSONValue
        do {
            found = try await executor.client.getAll(
                CanvasRequest(.get, path.interpolated, query: query, context: context), logger: executor.logger)
        } catch let error as CanvasError {
            if case .notFound = error.kind { return nil }
            throw error
        }
        let candidates = found.arrayValue ?? [found]
        return candidates.first { candidate in
            guard let fields = match?.objectValue else { return true }
            return fields.allSatisfy { candidate[$0.key]?.interpolated == $0.value.interpolated }
        }
    }

    private func waitForProgress(named response: JSONValue) async throws -> JSONValue {
        let target =
            response["progress_url"]?.stringValue ?? response["progress"]?["url"]?.stringValue
            ?? response["url"]?.stringValue ?? response["id"]?.interpolated
        guard let target else {
            throw ItemFailure(
                state: .failed, message: "wait: progress, but the response names no Progress", status: nil)
        }
        let progress = try await executor.client.waitForProgress(target, logger: executor.logger)
        guard var members = response.objectValue else { return progress }
        members["progress"] = progress
        return .object(members)
    }

    private func waitForSISImport(_ response: JSONValue, path: String) async throws -> JSONValue {
        let components = path.split(separator: "/")
        guard let accountIndex = components.firstIndex(of: "accounts"), accountIndex + 1 < components.count,
            let importID = response["id"]?.interpolated
        else {
            throw ItemFailure(
                state: .failed, message: "wait: sis_import needs a POST to /api/v1/accounts/:id/sis_imports",
                status: nil)
        }
        let accountID = String(components[accountIndex + 1]).removingPercentEncoding ?? ""
        return try await executor.client.waitForSISImport(
            accountID: accountID, importID: importID, logger: executor.logger)
    }

    // MARK: - Ensure

    private func ensure() async throws -> ItemResult {
        guard let (kind, ensureItem) = try step.ensureItem(for: item, in: runner.scope) else {
            throw PlanningError("not an ensure step", stepID: step.id)
        }
        let plan: EnsurePlan
        do {
            if let earlier, earlier.state.isUnsettled || (earlier.state == .failed && earlier.attempts > 0) {
                try await executor.settleAfterRestart(step)
            }
            plan = try await ensurePlan(kind, ensureItem)
        } catch let error as CanvasError {
            // The plan's read is the lookup of a write an earlier attempt may have made: while it fails, nothing
            // says the write did not happen.
            guard let earlier, earlier.state.isUnsettled || (earlier.state == .failed && earlier.attempts > 0)
            else { throw error }
            throw ItemFailure(
                state: .inDoubt,
                message: "an earlier attempt may have made this \(kind.name), and the lookup that would tell failed "
                    + "(\(error.description)); resume looks again",
                status: error.status)
        }
        let planned = PlannedAction(plan.action, kind: kind, live: plan.live)
        try checkReviewed(planned)
        // A create whose answer an earlier attempt lost, found now: it took effect, and later steps must see it
        // as created (a `when: item.status == 'created'` step depends on it).
        let earlierCreateTookEffect =
            plan.live != nil && earlier.map { $0.action == .create && $0.state.isUnsettled } == true
        let action: ItemAction
        switch plan.action {
        case .unchanged:
            if earlierCreateTookEffect {
                return try await confirm(plan.live ?? .null, action: .create, status: "created", httpStatus: nil)
            }
            return try await confirm(plan.live ?? .null, action: .none, status: "unchanged", httpStatus: 200)
        case .create: action = .create
        case .update: action = .update
        case .delete: action = .delete
        }
        try executor.writeGuard.admit(stepID: step.id, itemKey: item.key, as: planned.countedWrite ?? .change)
        try await record(
            .intent, action: action, attempts: (earlier?.attempts ?? 0) + 1, canvasID: plan.live?["id"]?.interpolated,
            durable: true)
        let writeContext = writeContext()
        let answer = try await kind.apply(
            plan.action, to: plan.item, live: plan.live, client: executor.client, logger: executor.logger,
            context: writeContext)
        let output = action == .delete ? (plan.live ?? answer) : answer
        // No status when the write's answer was lost and a lookup found its object.
        let httpStatus = writeContext.writeObserver?.answeredStatus
        if earlierCreateTookEffect {
            return try await confirm(output, action: .create, status: "created", httpStatus: httpStatus)
        }
        return try await confirm(
            output, action: action, status: plan.action.status, httpStatus: httpStatus,
            outcome: ItemOutcome(plan.action, kind: kind, live: plan.live), changedFields: plan.action.changedFieldNames
        )
    }

    /// The item's plan: from the object the reviewed plan read, when this process made that plan moments ago
    /// and it still gives the planned action; otherwise read from Canvas now.
    private func ensurePlan(_ kind: ResourceKind, _ ensureItem: EnsureItem) async throws -> EnsurePlan {
        if executor.options.trustsReviewedReads, earlier == nil,
            let reviewed = executor.reviewedItems[step.id], !reviewed.itemsUnknown,
            let planned = reviewed.items[item.key]
        {
            let resolved = try await kind.resolvingReferences(
                in: ensureItem, client: executor.client, logger: executor.logger, context: context,
                reads: executor.sharedReads)
            let action = try kind.plannedAction(for: resolved, live: planned.before)
            // Equal only when every value the plan showed was known: then its lookup was made (or not needed,
            // the parent being new) with the key used now.
            if PlannedAction(action, kind: kind, live: planned.before) == planned.action {
                return EnsurePlan(item: resolved, live: planned.before, action: action)
            }
        }
        return try await kind.plan(
            ensureItem, client: executor.client, logger: executor.logger, context: context,
            reads: executor.sharedReads)
    }

    // MARK: - Reviewed plans

    private func checkReviewed(_ fresh: PlannedAction) throws(ItemFailure) {
        guard let plannedStep = executor.reviewedItems[step.id], !plannedStep.itemsUnknown else { return }
        guard let planned = plannedStep.items[item.key] else {
            throw ItemFailure(
                state: .refused, message: "the item is not in the reviewed plan; plan again", status: nil)
        }
        guard planned.action.admits(fresh) else {
            throw ItemFailure(
                state: .refused,
                message: "changed since the plan was made (planned \(planned.action.briefDescription), "
                    + "now \(fresh.briefDescription)); plan again, or apply with --refresh",
                status: nil)
        }
    }

    // MARK: - Journal

    private func confirm(
        _ output: JSONValue, action: ItemAction, status: String, httpStatus: Int?, outcome: ItemOutcome? = nil,
        changedFields: [String] = []
    ) async throws -> ItemResult {
        // A raw write that has no verify: read is durable before later steps see it: after a kill, journaled
        // only as intent, it would come back in doubt for someone to settle. Other writes are found again by
        // their key or verify: read at the cost of one read, so they share the next batch's commit.
        try await record(
            .confirmed, action: action, attempts: attempt.attempts(earlier: earlier),
            canvasID: output["id"]?.interpolated, httpStatus: httpStatus, outputs: output,
            durable: action == .request && !step.canBeVerified, outcome: outcome, changedFields: changedFields)
        executor.progress.update(step.id) { $0.done += 1 }
        return result(output: output, status: status)
    }

    private func fail(_ failure: ItemFailure) async throws -> ItemResult {
        try await record(
            failure.state, action: attempt.action ?? earlier?.action ?? .none,
            attempts: attempt.attempts(earlier: earlier), canvasID: failure.outputs?["id"]?.interpolated,
            httpStatus: failure.status, outputs: failure.outputs, error: failure.message, durable: true)
        executor.progress.update(step.id) { $0.failed += 1 }
        if (step.onError ?? executor.graph.spec.defaults.onError) == .stop {
            executor.stop.request(.failed(stepID: step.id))
        }
        executor.logger.warning("\(step.id) \(item.key): \(failure.message)")
        return result(output: .null, status: "failed")
    }

    private func record(
        _ state: ItemState, action: ItemAction, attempts: Int = 0, canvasID: String? = nil, httpStatus: Int? = nil,
        outputs: JSONValue? = nil, error: String? = nil, durable: Bool = false, outcome: ItemOutcome? = nil,
        changedFields: [String] = []
    ) async throws {
        if state == .intent { attempt.note(action: action, attempts: attempts) }
        // An answered write keeps all of its answer: resume follows the job it names.
        let kept = outputs.map {
            runner.keepsFullOutputs || state == .answered ? $0 : $0["id"].map { ["id": $0] } ?? .null
        }
        try await executor.journal.record(
            ItemRecord(
                runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: state,
                attempts: attempts, canvasID: canvasID, action: action, httpStatus: httpStatus, outputs: kept,
                errorMessage: error, updatedAt: Date(), outcome: outcome ?? ItemOutcome(state: state, action: action),
                changedFields: changedFields),
            durable: durable)
    }

    private func result(output: JSONValue, status: String) -> ItemResult {
        ItemResult(key: item.key, input: item.value ?? .null, output: output, status: status)
    }
}

/// The action and attempt count of the intent an item journaled, so that its outcome is recorded with them.
private final class JournaledAttempt: Sendable {
    private let state = Mutex<(action: ItemAction, attempts: Int)?>(nil)

    func note(action: ItemAction, attempts: Int) {
        state.withLock { $0 = (action, attempts) }
    }

    /// The action of this attempt's intent, if it journaled one.
    var action: ItemAction? { state.withLock { $0?.action } }

    /// The attempts to record: this attempt's count, or the earlier attempts' when this one sent nothing.
    func attempts(earlier: ItemRecord?) -> Int {
        state.withLock { $0?.attempts } ?? earlier?.attempts ?? 0
    }
}

extension ItemState {
    /// Whether a write in this state may or may not have reached Canvas.
    var isUnsettled: Bool { [.intent, .sent, .inDoubt].contains(self) }
}

extension Step {
    /// Whether a write of this step that may have happened can be checked in Canvas: an `ensure` by its key, a
    /// raw request by its `verify:` read.
    var canBeVerified: Bool {
        switch kind {
        case .ensure: true
        case .request(let spec): spec.verify != nil
        case .get: true
        }
    }
}

/// Why an item did not succeed, as the journal records it.
struct ItemFailure: Error, Sendable {
    /// `failed`, `inDoubt`, `refused` (it differs from the reviewed plan), or `answered` when the write happened
    /// but its job did not finish well.
    var state: ItemState
    /// What happened, for a Canvas admin.
    var message: String
    /// The HTTP status, when Canvas answered.
    var status: Int?
    /// What Canvas answered, kept in the journal when the write happened (`answered`).
    var outputs: JSONValue? = nil
}

extension ItemAction {
    /// The status later steps see (`item.status`) for an item confirmed with this action.
    var resultStatus: String {
        switch self {
        case .create: "created"
        case .update: "updated"
        case .delete: "deleted"
        case .request: "sent"
        case .read: "read"
        case .none: "unchanged"
        }
    }
}

extension PlannedAction {
    /// A few words for an error message: `update of name`, `create`, `delete`.
    var briefDescription: String {
        switch self {
        case .read: "a read"
        case .create(let kind, _): "create \(kind)"
        case .update(let kind, _, let changes): "update \(kind) \(changes.map(\.field).joined(separator: ", "))"
        case .delete(let kind, _, _): "delete \(kind)"
        case .unchanged: "no change"
        case .request(let method, let path, _, _): "\(method) \(path)"
        case .skip: "skip"
        }
    }
}
