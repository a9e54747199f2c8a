public import JSONValues
import OrderedCollections

/// What one item of a fan-out step produced: the element it ran for, the object or response it got, and what
/// happened to it. Later steps read it as `steps.<id>.items[n]` (`item.input`, `item.output`, `item.status`).
public struct ItemResult: Sendable, Hashable {
    /// The item's stable key (its journal and resume identity).
    public var key: String
    /// The element of `for_each` the item ran for.
    public var input: JSONValue
    /// The Canvas object or response; unknown in a plan when only a write would tell.
    public var output: JSONValue
    /// What happened to the item.
    public var status: ItemStatus

    /// Creates a result.
    public init(key: String, input: JSONValue, output: JSONValue, status: ItemStatus) {
        self.key = key
        self.input = input
        self.output = output
        self.status = status
    }

    /// The value expressions see.
    public var scopeValue: JSONValue {
        .object(["key": .string(key), "input": input, "output": output, "status": .string(status.rawValue)])
    }
}

/// What a step produced, as later steps read it through `steps.<id>`.
public struct StepResult: Sendable {
    /// The step's output: the response or object of a single step; for a fan-out, the outputs of its items.
    public var output: JSONValue
    /// A fan-out step's items, in order; nil for a single step.
    public var items: [ItemResult]?
    /// The item's status for a single step; `done` or `pending` for a fan-out.
    public var status: StepStatus

    /// Creates the result of a single step.
    public init(output: JSONValue, status: ItemStatus) {
        self.output = output
        self.items = nil
        self.status = .item(status)
    }

    /// Creates the result of a fan-out step whose items are only known after apply.
    public init(itemsUnknown reason: String) {
        self.output = .unknown(reason)
        self.items = nil
        self.unknownItems = reason
        self.status = .pending
    }

    /// Why a fan-out step's items are only known after apply, if they are.
    public var unknownItems: String?

    /// Creates the result of a fan-out step from its items.
    public init(items: [ItemResult]) {
        self.output = .array(items.map(\.output))
        self.items = items
        self.status = .done
    }

    /// The value expressions see: `{ output, items, status }`.
    public var scopeValue: JSONValue {
        var members: OrderedDictionary<String, JSONValue> = [
            "output": output, "status": .string(status.description),
        ]
        if let items { members["items"] = .array(items.map(\.scopeValue)) }
        if let unknownItems { members["items"] = .unknown(unknownItems) }
        return .object(members)
    }
}
