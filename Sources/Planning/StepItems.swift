import Expressions
public import JSONValues
public import JobSpec

/// One unit of work of a step: an element of its `for_each`, or the single run of a step without one.
public struct StepItem: Sendable, Hashable {
    /// The item's position in the step, from 0.
    public var index: Int
    /// The item's stable key: its identity in the journal and on resume.
    public var key: String
    /// The element (`item` in expressions); nil for a step without `for_each`.
    public var value: JSONValue?

    /// Creates an item.
    public init(index: Int, key: String, value: JSONValue?) {
        self.index = index
        self.key = key
        self.value = value
    }
}

/// The items of a step, or why they are not known yet.
public enum StepItemList: Sendable {
    /// The items, in order.
    case items([StepItem])
    /// The list is only known after a write (a plan reading a step that would create what it lists).
    case unknown(reason: String)
}

extension Step {
    /// The items of this step in `scope`: one per element of `for_each`, or one for a single step.
    ///
    /// An item's key is, in order of preference: the step's `item_key:`; the key of the item it iterates
    /// (`steps.<id>.items`), so a chain of steps shares keys; the `key:` of an `ensure`; its position.
    public func items(in scope: RunScope) throws(PlanningError) -> StepItemList {
        guard let forEach else { return .items([StepItem(index: 0, key: id, value: nil)]) }
        let list: JSONValue
        do {
            list = try forEach.evaluate(in: scope.evaluationScope())
        } catch {
            throw PlanningError(error.message, stepID: id, range: error.range)
        }
        if let reason = list.unknownReason { return .unknown(reason: reason) }
        guard let elements = list.arrayValue else {
            throw PlanningError(
                "for_each must give a list, got \(list.typeName)", stepID: id, range: forEach.templates.first?.range)
        }
        var items: [StepItem] = []
        items.reserveCapacity(elements.count)
        var seen: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let key = try itemKey(of: element, at: index, in: scope)
            if let first = seen.updateValue(index, forKey: key) {
                throw PlanningError(
                    "items \(first + 1) and \(index + 1) have the same key '\(key)'; give the step an item_key that tells them apart",
                    stepID: id
                )
            }
            items.append(StepItem(index: index, key: key, value: element))
        }
        return .items(items)
    }

    /// The item for one element of the list this step iterates, at `index`: how apply makes the items of a step
    /// that iterates another's items one by one, as each finishes.
    public func item(for element: JSONValue, at index: Int, in scope: RunScope) throws(PlanningError) -> StepItem {
        StepItem(index: index, key: try itemKey(of: element, at: index, in: scope), value: element)
    }

    private func itemKey(of element: JSONValue, at index: Int, in scope: RunScope) throws(PlanningError) -> String {
        let itemScope = scope.evaluationScope(item: element)
        if let itemKey {
            do {
                let value = try itemKey.evaluate(in: itemScope)
                if !value.containsUnknown { return value.interpolated }
            } catch {
                throw PlanningError(error.message, stepID: id, range: error.range)
            }
        }
        if let inherited = element["key"]?.stringValue, element["input"] != nil, element["status"] != nil {
            return inherited
        }
        if case .ensure(let ensure) = kind,
            let key = try? ensure.key.evaluate(in: itemScope), !key.containsUnknown,
            let members = key.objectValue
        {
            let fields = members.map { "\($0.key)=\($0.value.interpolated)" }.joined(separator: ",")
            // Objects found by a key within a parent that changes per item (an enrollment in each row's course)
            // are only told apart with their parent.
            if let parentTemplate = ensure.parent, parentTemplate.references.contains(where: { $0.root == "item" }),
                let parent = try? parentTemplate.evaluate(in: itemScope), !parent.containsUnknown
            {
                return "\(parent.interpolated)/\(fields)"
            }
            return fields
        }
        return "#\(index + 1)"
    }

    /// Why an item is skipped when the item of `stepID` it iterates was skipped by its own condition.
    public static func upstreamSkipReason(stepID: String) -> String {
        "its item of step '\(stepID)' was skipped"
    }

    /// Whether an item passes the step's `when:` condition: true, false, or nil when only a write would tell.
    public func condition(for item: StepItem, in scope: RunScope) throws(PlanningError) -> Bool? {
        guard let when else { return true }
        let value: JSONValue
        do {
            value = try when.evaluate(in: scope.evaluationScope(item: item.value))
        } catch {
            throw PlanningError(error.message, stepID: id, itemKey: item.key, range: error.range)
        }
        if value.containsUnknown { return nil }
        switch value {
        case .bool(let flag): return flag
        case .null: return false
        case .string(let text): return !text.isEmpty && text != "false"
        default: return true
        }
    }
}
