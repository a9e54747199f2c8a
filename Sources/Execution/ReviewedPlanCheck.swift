import PlanModel

/// The check an `ensure` or `request` item makes before it writes: what it would do now must be what the reviewed
/// plan showed for it.
struct ReviewedPlanCheck: Sendable {
    /// The reviewed plan's step; nil when the run follows no reviewed plan.
    let reviewed: Executor.ReviewedStep?
    /// The item's key.
    let itemKey: String

    /// Throws a refusal when `fresh` is not what the reviewed plan showed, or the item is not in it.
    func check(_ fresh: PlannedAction) throws(ItemFailure) {
        guard let reviewed, !reviewed.itemsUnknown else { return }
        guard let planned = reviewed.items[itemKey] else {
            throw ItemFailure(state: .refused, .notInReviewedPlan, status: nil)
        }
        guard planned.action.admits(fresh) else {
            throw ItemFailure(state: .refused, .changedSincePlan(planned: planned.action, now: fresh), status: nil)
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
