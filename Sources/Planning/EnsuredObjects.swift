import JSONValues
import JobSpec
import Resources

/// The Canvas objects the `ensure` steps of a plan name, by step, so that two steps naming one object is an error
/// before anything is read or written: each step would plan it alone, and their writes would race or undo each
/// other.
struct EnsuredObjects {
    private var owners: [String: (step: Step, item: StepItem)] = [:]

    /// Records the objects of `step`'s items; throws when one of them is already an item of another step, saying
    /// what the two want.
    mutating func claim(_ items: [StepItem], of step: Step, in scope: RunScope) throws(PlanningError) {
        var claimed: [(String, StepItem)] = []
        for item in items {
            guard let identity = item.objectIdentity else { continue }
            if let owner = owners[identity], owner.step.id != step.id {
                throw PlanningError(
                    "item '\(item.key)' names the same \(identity) as item '\(owner.item.key)' of step "
                        + "'\(owner.step.id)'\(Self.wishes(owner, (step, item), in: scope)); keep one row per "
                        + "object in the data, or make the steps' when: conditions exclude each other",
                    stepID: step.id, itemKey: item.key)
            }
            claimed.append((identity, item))
        }
        for (identity, item) in claimed { owners[identity] = (step, item) }
    }

    /// `, and wants …` saying how the two items' fields differ, or that they want the same.
    private static func wishes(
        _ first: (step: Step, item: StepItem), _ second: (step: Step, item: StepItem), in scope: RunScope
    ) -> String {
        guard let (kind, earlier) = try? first.step.ensureItem(for: first.item, in: scope),
            let (_, later) = try? second.step.ensureItem(for: second.item, in: scope)
        else { return "" }
        let differences = kind.differences(between: earlier, and: later)
        if differences.isEmpty { return " with the same fields" }
        return " but wants " + differences.joined(separator: ", ") + " differently"
    }
}
