public import Canvas
public import JSONValues
public import OrderedCollections

/// What `easel undo` asks of a kind: where an object lives, and the requests that put fields back or remove an
/// object a run created.
extension ResourceKind {
    /// The URL of the live object of `item`, or nil when it cannot be told (no id yet, an unknown parent).
    public func memberPath(of item: EnsureItem, live: JSONValue) -> String? {
        guard let parent = try? parent(of: item) else { return nil }
        return try? endpoints.member(parent, live)
    }

    /// The request that deletes the object of `item` that a run created, with the kind's default delete options.
    public func deleteRequest(of item: EnsureItem, created: JSONValue) -> CanvasRequest? {
        guard let parent = try? parent(of: item) else { return nil }
        var options = OrderedDictionary<String, JSONValue>()
        for option in deleteOptions {
            options[option.name] = .string(option.name == "task" ? "delete" : option.defaultValue)
        }
        return try? endpoints.delete(parent, created, options)
    }

    /// Whether the kind writes updates with requests of its own rather than a PUT of the changed fields.
    public var hasCustomUpdate: Bool { endpoints.customUpdate != nil }

    /// The PUT that writes `fields` (in the job's vocabulary) back to the object at `member`, the way an update of
    /// the kind sends them.
    public func restoreRequest(_ fields: OrderedDictionary<String, JSONValue>, member: String, live: JSONValue)
        -> CanvasRequest
    {
        var body = formBody(fields)
        let changes = fields.map { name, value in
            FieldChange(field: name, before: self.field(named: name)?.liveValue(in: live), after: value)
        }
        endpoints.adjustUpdateBody(&body, changes)
        return CanvasRequest(.put, member, body: .form(body))
    }
}
