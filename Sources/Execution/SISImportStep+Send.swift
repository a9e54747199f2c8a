import Canvas
import Expressions
import Foundation
import JSONValues
import JobSpec
import Logging
import Resources
import RunContext
import Synchronization

extension SISImportStep {
    /// The account SIS imports go to: the root account of the token's domain.
    static let account = "self"

    /// The options of every import: stuck fields are written, so the import does what the plan showed, and no
    /// marks are added or cleared; no batch mode and no diffing, so nothing the rows do not name is touched.
    static let importOptions: JSONValue = [
        "import_type": "instructure_csv", "extension": "csv", "override_sis_stickiness": "true",
    ]

    /// Sends one batch: journals its items as intent, uploads the CSV, journals the import's id as soon as Canvas
    /// answers, waits for the import and settles each item from its outcome.
    func send(_ batch: [SISPlannedRow], into results: SISResults) async throws {
        var admitted: [SISPlannedRow] = []
        for row in batch {
            do {
                try executor.writeGuard.admit(stepID: step.id, itemKey: row.item.key, as: row.counted)
                admitted.append(row)
            } catch {
                executor.stop.request(.failed(stepID: step.id))
                try await fail(row.item, .notAdmitted(error), action: row.action, into: results)
            }
        }
        guard !admitted.isEmpty else { return }
        let label = "easel-\(executor.runID)-\(step.id)-\(UUID().uuidString.prefix(8).lowercased()).csv"
        let csv = SISCSVWriter(format: format, rows: admitted.map { ($0.ensureItem, $0.plan) })
        let text: String
        do {
            text = try csv.text()
        } catch {
            for row in admitted {
                try await fail(row.item, .sisRow(error), action: row.action, into: results)
            }
            return
        }
        for row in admitted {
            try await record(
                row.item, .intent, action: row.action, attempts: attempts(of: row.item) + 1,
                canvasID: row.plan.live?["id"]?.interpolated, outputs: ["sis_batch": .string(label)], durable: true)
        }
        let answer: JSONValue
        do {
            answer = try await upload(text, label: label, itemKey: admitted[0].item.key)
        } catch let error as CanvasError {
            let state: ItemState = if case .inDoubt = error.kind { .inDoubt } else { .failed }
            for row in admitted {
                try await fail(
                    row.item, .sisUploadFailed(error), action: row.action, state: state,
                    outputs: ["sis_batch": .string(label)], into: results)
            }
            return
        }
        let importID = answer["id"]?.interpolated ?? ""
        for row in admitted {
            try await record(
                row.item, .answered, action: row.action, attempts: attempts(of: row.item) + 1,
                canvasID: row.plan.live?["id"]?.interpolated,
                outputs: ["sis_batch": .string(label), "sis_import_id": .string(importID)], durable: true)
        }
        let settled = admitted.map { SISSettledItem(item: $0.item, action: $0.action, plan: $0.plan) }
        try await settle(settled, label: label, importID: importID, into: results)
    }

    /// Posts the CSV as a file named `label`, which finds the import again among the account's recent ones when
    /// the answer is lost.
    private func upload(_ text: String, label: String, itemKey: String) async throws -> JSONValue {
        let form = MultipartForm(parts: [
            .file("attachment", filename: label, contentType: "text/csv", data: Array(text.utf8))
        ])
        let client = executor.client
        let logger = executor.logger
        let request = CanvasRequest(
            .post, CanvasPath.apiV1("accounts", Self.account, "sis_imports"), query: Self.importOptions,
            body: .multipart(form), retrySafety: .nonIdempotent,
            verify: { try await Self.findImport(labelled: label, client: client, logger: logger) },
            context: .item(itemKey, ofStep: step.id, retryPolicy: executor.retryPolicy(for: step)))
        return try await client.send(request, logger: logger).json()
    }

    /// The import among the account's recent ones whose file is named `label`, or nil.
    static func findImport(labelled label: String, client: any CanvasBoundary, logger: Logger) async throws
        -> JSONValue?
    {
        let request = CanvasRequest(
            .get, CanvasPath.apiV1("accounts", account, "sis_imports"), query: ["per_page": 100])
        for try await page in client.pages(request, unwrapping: "sis_imports", logger: logger) {
            for candidate in page {
                let attachments: [JSONValue] = candidate["csv_attachments"]?.arrayValue ?? []
                let names: [String] = attachments.compactMap { (attachment: JSONValue) -> String? in
                    attachment["filename"]?.stringValue ?? attachment["display_name"]?.stringValue
                }
                if names.contains(label) { return candidate }
            }
            // Recent imports come first; one page reaches back past any upload of this run.
            break
        }
        return nil
    }

    private func attempts(of item: StepItem) -> Int { runner.earlier[item.key]?.attempts ?? 0 }

    // MARK: - Journal

    /// Journals one item of the step.
    /// A confirmed item's outcome is what its plan said it would do (`plan`), as for an API write; without a
    /// plan (a batch settled on resume), what its state and action say.
    func record(
        _ item: StepItem, _ state: ItemState, action: ItemAction, attempts: Int = 0, canvasID: String? = nil,
        httpStatus: Int? = nil, outputs: JSONValue? = nil, error: String? = nil, durable: Bool = false,
        plan: EnsurePlan? = nil
    ) async throws {
        let planned = state == .confirmed ? plan : nil
        let kept = outputs.map {
            runner.keepsFullOutputs || state != .confirmed ? $0 : $0["id"].map { ["id": $0] } ?? .null
        }
        try await executor.journal.record(
            ItemRecord(
                runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: state,
                attempts: attempts, canvasID: canvasID, action: action, httpStatus: httpStatus, outputs: kept,
                errorMessage: error, updatedAt: Date(),
                outcome: planned.map { ItemOutcome($0.action, kind: kind, live: $0.live) }
                    ?? ItemOutcome(state: state, action: action),
                changedFields: planned?.action.changedFieldNames ?? []),
            durable: durable)
    }

    /// Journals an item as failed (or in doubt) for `problem`, and publishes it.
    func fail(
        _ item: StepItem, _ problem: ItemProblem, action: ItemAction, state: ItemState = .failed,
        outputs: JSONValue? = nil, into results: SISResults
    ) async throws {
        let message = problem.description
        try await record(
            item, state, action: action, attempts: max(attempts(of: item), action == .none ? 0 : 1),
            outputs: outputs, error: message, durable: true)
        executor.runLevelHits.note(problem, stepID: step.id, itemKey: item.key)
        executor.progress.update(step.id) { $0.failed += 1 }
        if (step.onError ?? executor.graph.spec.defaults.onError) == .stop {
            executor.stop.request(.failed(stepID: step.id))
        }
        executor.logger.warning("\(step.id) \(item.key): \(message)")
        await publish(
            ItemResult(key: item.key, input: item.value ?? .null, output: .null, status: .failed), of: item,
            into: results)
    }
}

/// The results of a step's items as they are settled, from many tasks.
final class SISResults: Sendable {
    private let state = Mutex<(results: [Int: ItemResult], failures: Int)>(([:], 0))

    func add(_ result: ItemResult, at index: Int) {
        state.withLock { state in
            state.results[index] = result
            if StepRunner.failedStatuses.contains(result.status) { state.failures += 1 }
        }
    }

    /// The results in item order, and how many failed.
    var ordered: ([ItemResult], Int) {
        state.withLock { state in
            (state.results.keys.sorted().compactMap { state.results[$0] }, state.failures)
        }
    }
}
