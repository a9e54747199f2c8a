import Execution
import JSONValues
import OrderedCollections
import Session

/// The per-step table of `easel show`: each step's outcome counts and, for a run not finished, how many of the
/// step's items are done out of how many it has (`11/12`), so a step cut short does not look finished.
struct StepProgressTable {
    /// The journal's counts.
    let summary: RunSummary
    /// The run's manifest, which knows the steps not yet begun and each step's number of items.
    let manifest: RunManifest?

    /// The steps in the order the job runs them: the manifest's, then any only the journal knows.
    var stepIDs: [String] {
        let journaled = summary.steps.map(\.stepID)
        guard let manifest else { return journaled }
        return manifest.steps + journaled.filter { !manifest.steps.contains($0) }
    }

    /// The outcomes some item of the run had, in the summary's order; `failed` always.
    var columns: [ItemOutcome] {
        RunFormatting.outcomeOrder.filter { summary.count(of: $0) > 0 } + [.failed]
            + (summary.count(of: .inDoubt) > 0 ? [.inDoubt] : [])
    }

    /// The table's rows, header first: outcome columns, `PENDING` when items are on their way, and `DONE/PLANNED`
    /// (unfinished runs) or `TOTAL`.
    func rows(finished: Bool) -> [[String]] {
        let pendingColumn = summary.pending > 0
        var header = ["STEP"] + columns.map { $0.description.uppercased() }
        if pendingColumn { header.append("PENDING") }
        header.append(finished ? "TOTAL" : "DONE/PLANNED")
        var rows = [header]
        for stepID in stepIDs {
            let step = summary.step(stepID) ?? RunSummary.StepCounts(stepID: stepID, counts: [:])
            var row = [stepID] + columns.map { String(step.count(of: $0)) }
            if pendingColumn { row.append(String(step.pending)) }
            row.append(finished ? String(step.total) : "\(step.total - step.pending)/\(planned(stepID))")
            rows.append(row)
        }
        if stepIDs.count > 1 {
            var total = ["(all)"] + columns.map { String(summary.count(of: $0)) }
            if pendingColumn { total.append(String(summary.pending)) }
            let plannedTotal = stepIDs.map { manifest?.planned[$0] }
            let allKnown = plannedTotal.allSatisfy { $0 != nil }
            total.append(
                finished
                    ? String(summary.total)
                    : "\(summary.total - summary.pending)/"
                        + (allKnown ? String(plannedTotal.compactMap { $0 }.reduce(0, +)) : "?"))
            rows.append(total)
        }
        return rows
    }

    /// `items` step by step in the job's order, each step's in its list's order.
    func ordered(_ items: [ItemRecord]) -> [ItemRecord] {
        let position = Dictionary(stepIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return items.sorted {
            (position[$0.stepID] ?? .max, $0.itemIndex) < (position[$1.stepID] ?? .max, $1.itemIndex)
        }
    }

    /// How many items a step has, `?` while the run has not reached it.
    private func planned(_ stepID: String) -> String {
        manifest?.planned[stepID].map(String.init) ?? "?"
    }

    /// The table as JSON: per step, its outcome counts, items done and items planned (null when unknown).
    var json: JSONValue {
        .array(
            stepIDs.map { stepID in
                let step = summary.step(stepID) ?? RunSummary.StepCounts(stepID: stepID, counts: [:])
                return [
                    "step": .string(stepID), "outcomes": RunFormatting.json(step.outcomes),
                    "done": .int(step.total - step.pending), "pending": .int(step.pending),
                    "planned": manifest?.planned[stepID].map { .int($0) } ?? .null,
                ]
            })
    }

    /// One item as `show --format json` lists it.
    static func json(item: ItemRecord) -> JSONValue {
        [
            "step": .string(item.stepID), "key": .string(item.itemKey), "state": .string(item.state.rawValue),
            "outcome": item.outcome.map { .string($0.rawValue) } ?? .null,
            "changed_fields": .array(item.changedFields.map(JSONValue.string)),
            "canvas_id": item.canvasID.map { .string($0) } ?? .null,
        ]
    }
}
