/// The item of an earlier step that an `ensure` item was merged into: both name the same Canvas object with the
/// same fields, so only the earlier one writes, and this one takes its result.
public struct MergeTarget: Sendable, Hashable {
    /// The earlier step.
    public var stepID: String
    /// The key of its item.
    public var itemKey: String

    /// Creates a target.
    public init(stepID: String, itemKey: String) {
        self.stepID = stepID
        self.itemKey = itemKey
    }

    /// How a plan names it: `item 'sis_user_id=u1' of step 'users'`.
    public var description: String { "item '\(itemKey)' of step '\(stepID)'" }
}
