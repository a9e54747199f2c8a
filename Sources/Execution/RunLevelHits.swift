import Synchronization

/// The items of this process that failed on a cause every item of the run could hit, with that cause: the report
/// of a run-level failure counts the items that failed on it from these values, never from their messages.
final class RunLevelHits: Sendable {
    private let causes = Mutex<[ItemReference: RunLevelFailure.Cause]>([:])

    init() {}

    /// Notes that the item failed for `problem`, when the problem has a run-level cause.
    func note(_ problem: ItemProblem, stepID: String, itemKey: String) {
        guard let cause = problem.runLevelCause else { return }
        causes.withLock { $0[ItemReference(stepID: stepID, itemKey: itemKey)] = cause }
    }

    /// The items that failed on `cause`.
    func items(failedOn cause: RunLevelFailure.Cause) -> Set<ItemReference> {
        causes.withLock { causes in Set(causes.filter { $0.value == cause }.keys) }
    }
}

/// One item of one step of a run.
public struct ItemReference: Hashable, Sendable {
    /// The step's id in the job file.
    public var stepID: String
    /// The item's key within the step.
    public var itemKey: String

    /// The item `itemKey` of `stepID`.
    public init(stepID: String, itemKey: String) {
        self.stepID = stepID
        self.itemKey = itemKey
    }

    /// The item `record` is about.
    public init(_ record: ItemRecord) {
        self.init(stepID: record.stepID, itemKey: record.itemKey)
    }
}
