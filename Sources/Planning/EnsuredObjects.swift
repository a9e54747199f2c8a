import JSONValues
import JobSpec
import Resources

/// The Canvas objects the `ensure` steps of a plan name, by step, so that two steps wanting one object is an error
/// before anything is read or written: each step would plan it alone, and their writes would race or undo each
/// other.
struct EnsuredObjects {
    private var owners: [String: (stepID: String, itemKey: String)] = [:]

    /// Records the objects of `step`'s items; throws when one of them is already an item of another step.
    mutating func claim(_ items: [StepItem], of step: Step) throws(PlanningError) {
        var claimed: [(String, String)] = []
        for item in items {
            guard let identity = item.objectIdentity else { continue }
            if let owner = owners[identity], owner.stepID != step.id {
                throw PlanningError(
                    "item '\(item.key)' names the same \(identity) as item '\(owner.itemKey)' of step "
                        + "'\(owner.stepID)'; keep one row per object in the data, or make the steps' when: "
                        + "conditions exclude each other",
                    stepID: step.id, itemKey: item.key)
            }
            claimed.append((identity, item.key))
        }
        for (identity, key) in claimed { owners[identity] = (step.id, key) }
    }
}
