import JSONValues
import JobSpec
import PlanModel
import Resources
import RunContext

/// The Canvas objects the `ensure` steps of a plan name, by step, so that two steps naming one object is found
/// before anything is read or written: each step would plan it alone, and their writes would race or undo each
/// other. Two items that want the same are merged (the later takes the earlier's result); two that want it
/// differently are an error.
struct EnsuredObjects {
    private var owners: [String: (step: Step, item: StepItem)] = [:]

    /// Records the objects of `step`'s items, and returns the items that name an object an earlier step's item
    /// names with the same fields, by key, with that item; throws when one wants the object differently.
    mutating func claim(_ items: [StepItem], of step: Step, in scope: RunScope) throws(PlanningError)
        -> [String: MergeTarget]
    {
        var claimed: [(String, StepItem)] = []
        var merged: [String: MergeTarget] = [:]
        for item in items {
            guard let identity = item.objectIdentity else { continue }
            if let owner = owners[identity], owner.step.id != step.id {
                guard let differences = Self.differences(owner, (step, item), in: scope), differences.isEmpty else {
                    throw PlanningError(
                        .sameObject(
                            itemKey: item.key, identity: "\(identity)", ownerItemKey: owner.item.key,
                            ownerStepID: owner.step.id, wishes: Self.wishes(owner, (step, item), in: scope)),
                        stepID: step.id, itemKey: item.key)
                }
                merged[item.key] = MergeTarget(stepID: owner.step.id, itemKey: owner.item.key)
                continue
            }
            claimed.append((identity, item))
        }
        for (identity, item) in claimed { owners[identity] = (step, item) }
        return merged
    }

    /// The fields two items want differently (`state` among them), or nil when either cannot be evaluated now.
    private static func differences(
        _ first: (step: Step, item: StepItem), _ second: (step: Step, item: StepItem), in scope: RunScope
    ) -> [String]? {
        guard let (kind, earlier) = try? first.step.ensureItem(for: first.item, in: scope),
            let (_, later) = try? second.step.ensureItem(for: second.item, in: scope)
        else { return nil }
        return kind.differences(between: earlier, and: later)
    }

    /// `, and wants …` saying how the two items' fields differ.
    private static func wishes(
        _ first: (step: Step, item: StepItem), _ second: (step: Step, item: StepItem), in scope: RunScope
    ) -> String {
        guard let differences = differences(first, second, in: scope), !differences.isEmpty else { return "" }
        return " but wants " + differences.joined(separator: ", ") + " differently"
    }
}
