public import Foundation
public import JSONValues

/// One item of one step in one run: what the executor did to Canvas for it and what came back.
///
/// The journal keeps one record per run, step and item key; recording the same key again replaces it.
public struct ItemRecord: Hashable, Sendable {
    /// The run the item belongs to.
    public var runID: RunID
    /// The step's id in the job file.
    public var stepID: String
    /// The item's key within the step: what identifies it across runs (a SIS id, a key expression's value).
    public var itemKey: String
    /// The item's position in the step's list, from 0.
    public var itemIndex: Int
    /// Where the item stands.
    public var state: ItemState
    /// How many times a request was sent for this item.
    public var attempts: Int
    /// The Canvas id of the object created or changed, once known.
    public var canvasID: String?
    /// What the executor does for this item.
    public var action: ItemAction
    /// The HTTP status of the last response, if any.
    public var httpStatus: Int?
    /// The values later steps read from this item (the created object's fields they refer to).
    public var outputs: JSONValue?
    /// Why the item failed or is in doubt, worded for a Canvas admin.
    public var errorMessage: String?
    /// When this record was last written.
    public var updatedAt: Date
    /// For a write: the object's values before it (of the fields it changes, or its state for a delete), where it
    /// lives and what Canvas answered, so that `easel undo` can put them back; see `UndoRecord`.
    public var beforeValues: JSONValue?
    /// What the run did to the item in the end (`created`, `concluded`, `unchanged`…); nil while it is on its way.
    public var outcome: ItemOutcome?
    /// The names of the fields the write set or changed, as the job file writes them; empty when it changed none.
    public var changedFields: [String]

    /// An item record.
    public init(
        runID: RunID, stepID: String, itemKey: String, itemIndex: Int, state: ItemState, attempts: Int = 0,
        canvasID: String? = nil, action: ItemAction, httpStatus: Int? = nil, outputs: JSONValue? = nil,
        errorMessage: String? = nil, updatedAt: Date, beforeValues: JSONValue? = nil, outcome: ItemOutcome? = nil,
        changedFields: [String] = []
    ) {
        self.runID = runID
        self.stepID = stepID
        self.itemKey = itemKey
        self.itemIndex = itemIndex
        self.state = state
        self.attempts = attempts
        self.canvasID = canvasID
        self.action = action
        self.httpStatus = httpStatus
        self.outputs = outputs
        self.errorMessage = errorMessage
        self.updatedAt = updatedAt
        self.beforeValues = beforeValues
        self.outcome = outcome
        self.changedFields = changedFields
    }
}
