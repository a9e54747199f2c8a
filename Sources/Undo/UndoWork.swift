public import JSONValues

/// One request that takes back part of a run: an item of the undo job.
public struct UndoRequest: Sendable, Hashable {
    /// The step of the run whose item this undoes.
    public var stepID: String
    /// The item's key in that step.
    public var itemKey: String
    /// What the request does, a word that names the undo job's step: `restore`, `reactivate`, `reenroll`,
    /// `undelete`, `publish`, `unpublish`, `conclude`, `delete_created` or `undo` (a step's own `undo:`).
    public var operation: String
    /// The HTTP method.
    public var method: String
    /// The path, percent-encoded as sent.
    public var path: String
    /// Query parameters.
    public var query: JSONValue
    /// The body, or nil for none.
    public var body: JSONValue?

    /// A request.
    public init(
        stepID: String, itemKey: String, operation: String, method: String, path: String, query: JSONValue = [:],
        body: JSONValue? = nil
    ) {
        self.stepID = stepID
        self.itemKey = itemKey
        self.operation = operation
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }
}

/// An item of the run that undo does not take back, and why.
public struct UndoNote: Sendable, Hashable {
    /// The run's step.
    public var stepID: String
    /// The item's key.
    public var itemKey: String
    /// Why, for a Canvas admin.
    public var reason: String

    /// A note.
    public init(stepID: String, itemKey: String, reason: String) {
        self.stepID = stepID
        self.itemKey = itemKey
        self.reason = reason
    }
}

/// What undoing a run takes: the requests to send, and the items left alone with the reason for each.
public struct UndoWork: Sendable {
    /// The requests, in the order they are sent (the run's last writes first).
    public var requests: [UndoRequest] = []
    /// Objects whose live value changed since the run: skipped unless `--force`, when they are also in `requests`.
    public var conflicts: [UndoNote] = []
    /// Writes undo cannot take back (a raw request without `undo:`, a deleted user), with the reason.
    public var notUndoable: [UndoNote] = []
    /// Objects the run created, left in place unless `--delete-created`.
    public var leftInPlace: [UndoNote] = []
    /// Writes already taken back: the live object already has the values from before the run.
    public var alreadyUndone: [UndoNote] = []

    /// Nothing yet.
    public init() {}
}

/// How undo treats conflicts and created objects.
public struct UndoOptions: Sendable, Hashable {
    /// Undo objects that changed since the run too, overwriting the change.
    public var force = false
    /// Delete the objects the run created instead of leaving them in place.
    public var deleteCreated = false

    /// The options.
    public init(force: Bool = false, deleteCreated: Bool = false) {
        self.force = force
        self.deleteCreated = deleteCreated
    }
}
