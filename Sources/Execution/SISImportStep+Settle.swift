import Canvas
import Foundation
import JSONValues
import JobSpec
import Resources
import RunContext

/// An item sent in an import, waiting for the import's outcome; its plan is known unless an earlier attempt sent it.
struct SISSettledItem: Sendable {
    let item: StepItem
    let action: ItemAction
    let plan: EnsurePlan?
}

extension SISImportStep {
    /// How an import is polled: half the time its progress says is left, at least 1 s and at most 30 s apart, so an
    /// import of N minutes costs about 2·N polls plus a dozen rather than 60·N, its progress shows at least every
    /// 30 s, and its end is noticed at most 30 s after it happens.
    static let pollSchedule: PollSchedule = .adaptive(fraction: 0.5, minimum: .seconds(1), maximum: .seconds(30))

    /// Settles the items an earlier attempt journaled with a batch: polls the import when its id is known or found
    /// among the account's recent imports, and never uploads it again. Returns the items still to plan.
    func settleEarlierImports(of items: [StepItem], into results: SISResults) async throws -> [StepItem] {
        var byLabel: [String: [StepItem]] = [:]
        var importIDs: [String: String] = [:]
        var rest: [StepItem] = []
        for item in items {
            guard let earlier = runner.earlier[item.key],
                [.intent, .sent, .answered, .inDoubt].contains(earlier.state),
                let label = earlier.outputs?["sis_batch"]?.stringValue
            else {
                rest.append(item)
                continue
            }
            byLabel[label, default: []].append(item)
            if let id = earlier.outputs?["sis_import_id"]?.interpolated { importIDs[label] = id }
        }
        for (label, batch) in byLabel.sorted(by: { $0.key < $1.key }) {
            var importID = importIDs[label]
            if importID == nil {
                importID = try await Self.findImport(
                    labelled: label, client: executor.client, logger: executor.logger)?[
                        "id"]?.interpolated
            }
            guard let importID else {
                // Never reached Canvas: every row is an upsert by SIS id, so sending it again converges.
                rest += batch
                continue
            }
            let ordered = batch.sorted { $0.index < $1.index }.map { item in
                SISSettledItem(item: item, action: runner.earlier[item.key]?.action ?? .update, plan: nil)
            }
            for settled in ordered {
                try await record(
                    settled.item, .answered, action: settled.action,
                    attempts: runner.earlier[settled.item.key]?.attempts ?? 1,
                    outputs: ["sis_batch": .string(label), "sis_import_id": .string(importID)], durable: true)
            }
            try await settle(ordered, label: label, importID: importID, into: results)
        }
        return rest.sorted { $0.index < $1.index }
    }

    /// Waits for import `importID` to end and settles each item from it: the items whose rows Canvas reported
    /// fail with Canvas's message, the others are confirmed, or wait in `readBackQueue` when a later step needs
    /// their Canvas objects. The items are in the order of the file's rows.
    func settle(_ items: [SISSettledItem], label: String, importID: String, into results: SISResults) async throws {
        let path = CanvasPath.apiV1("accounts", Self.account, "sis_imports", importID)
        let progress = executor.progress
        let stepID = step.id
        let body: JSONValue
        do {
            body = try await executor.client.poll(
                path, schedule: Self.pollSchedule, timeout: .seconds(12 * 3600), logger: executor.logger,
                onProgress: { value in
                    progress.update(stepID) { $0.jobProgress = "SIS import \(importID): \(Int(value))%" }
                }
            ) { body in
                let state = body["workflow_state"]?.stringValue ?? ""
                if SISImportOutcome.terminalStates.contains(state) { return .completed }
                return .running(body["progress"]?.doubleValue)
            }
        } catch let error as CanvasError {
            for settled in items {
                try await fail(
                    settled.item, .sisImportUnfinished(importID: importID, error), action: settled.action,
                    state: .answered, outputs: ["sis_import_id": .string(importID)], into: results)
            }
            return
        }
        progress.update(stepID) { $0.jobProgress = nil }
        let outcome = try await SISImportOutcome.read(
            body, importID: importID, account: Self.account, client: executor.client, logger: executor.logger)
        for (offset, settled) in items.enumerated() {
            if let problem = outcome.problem(ofRow: offset + 2) {
                try await fail(settled.item, problem, action: settled.action, into: results)
                continue
            }
            if let readBackQueue {
                readBackQueue.add(
                    SISConfirmedItem(
                        item: settled.item, action: settled.action, plan: settled.plan, label: label,
                        importID: importID))
                continue
            }
            let output: JSONValue =
                settled.plan.map { kind.projectedOutput(of: $0.action, live: $0.live, itemKey: settled.item.key) }
                ?? ["sis_import_id": .string(importID)]
            try await record(
                settled.item, .confirmed, action: settled.action,
                attempts: max(1, runner.earlier[settled.item.key]?.attempts ?? 1),
                canvasID: settled.plan?.live?["id"]?.interpolated, httpStatus: 200, outputs: output,
                plan: settled.plan)
            executor.progress.update(step.id) { $0.done += 1 }
            await publish(
                ItemResult(
                    key: settled.item.key, input: settled.item.value ?? .null, output: output,
                    status: settled.action.resultStatus), of: settled.item, into: results)
        }
    }
}
