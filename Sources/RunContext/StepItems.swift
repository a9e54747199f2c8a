import Expressions
public import JSONValues
public import JobSpec
import OrderedCollections
import Resources

/// One unit of work of a step: an element of its `for_each`, or the single run of a step without one.
public struct StepItem: Sendable, Hashable {
    /// The item's position in the step, from 0.
    public var index: Int
    /// The item's stable key: its identity in the journal and on resume.
    public var key: String
    /// The element (`item` in expressions); nil for a step without `for_each`.
    public var value: JSONValue?
    /// The positions (from 1) of later elements that named the same object with the same fields, and so were
    /// merged into this item.
    public var mergedPositions: [Int] = []
    /// For an `ensure` item, the Canvas object it names (`ResourceKind.identity(of:)`), when known before apply
    /// and the item is not skipped by its `when:`.
    public var objectIdentity: String?

    /// Creates an item.
    public init(index: Int, key: String, value: JSONValue?) {
        self.index = index
        self.key = key
        self.value = value
    }

    /// What a plan says of the merged elements: nil when none was merged into this item.
    public var mergeNote: String? {
        guard !mergedPositions.isEmpty else { return nil }
        let positions = ([index + 1] + mergedPositions).map(String.init)
        let listed = positions.dropLast().joined(separator: ", ") + " and " + (positions.last ?? "")
        return "items \(listed) name the same object with the same fields: merged into one (\(key))"
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
            throw PlanningError(.evaluation(error), stepID: id, range: error.range)
        }
        if let reason = list.unknownReason { return .unknown(reason: reason) }
        guard let elements = list.arrayValue else {
            throw PlanningError(
                .forEachNotAList(typeName: list.typeName), stepID: id, range: forEach.templates.first?.range)
        }
        var items: [StepItem] = []
        items.reserveCapacity(elements.count)
        var seen: [String: Int] = [:]
        var objects: [String: Int] = [:]
        for (index, element) in elements.enumerated() {
            let key = try itemKey(of: element, at: index, in: scope)
            var item = StepItem(index: index, key: key, value: element)
            let object = objectIdentity(of: item, in: scope)
            if let position = object.flatMap({ objects[$0] }) ?? seen[key] {
                // An element its `when:` skips does nothing, so it gives way to one that acts on the same key.
                if isSkipped(item, in: scope) { continue }
                if isSkipped(items[position], in: scope) {
                    item.objectIdentity = object
                    items[position] = item
                    if let object { objects[object] = position }
                    continue
                }
                try merge(item, into: &items[position], in: scope)
                continue
            }
            seen[key] = items.count
            if let object { objects[object] = items.count }
            var identified = item
            identified.objectIdentity = object
            items.append(identified)
        }
        return .items(items)
    }

    /// Whether the item's `when:` is false already (an element that does nothing).
    private func isSkipped(_ item: StepItem, in scope: RunScope) -> Bool {
        guard when != nil else { return false }
        return (try? condition(for: item, in: scope)) == false
    }

    /// The Canvas object an `ensure` item names (see `ResourceKind.identity(of:)`), when it is known now and the
    /// item is not skipped by its `when:`.
    private func objectIdentity(of item: StepItem, in scope: RunScope) -> String? {
        // Only `in:` and `key:` name the object: `set:` is evaluated when two items meet.
        guard case .ensure(let ensure) = kind, let resourceKind = try? ResourceKinds.named(ensure.kind.rawValue),
            !isSkipped(item, in: scope)
        else { return nil }
        let evaluation = scope.evaluationScope(item: item.value)
        guard let key = (try? ensure.key.evaluate(in: evaluation))?.objectValue else { return nil }
        var parent: JSONValue?
        if let template = ensure.parent {
            guard let value = try? template.evaluate(in: evaluation) else { return nil }
            parent = value
        }
        return resourceKind.identity(of: EnsureItem(parent: parent, key: key))
    }

    /// Merges `item` into `first`, an earlier item of the same key or object, when both want the same; otherwise
    /// throws an error naming both, with advice that leads to a job that works.
    private func merge(_ item: StepItem, into first: inout StepItem, in scope: RunScope) throws(PlanningError) {
        let positions = "items \(first.index + 1) and \(item.index + 1)"
        guard case .ensure = kind,
            let (resourceKind, earlier) = try? ensureItem(for: first, in: scope),
            let (_, later) = try? ensureItem(for: item, in: scope),
            resourceKind.identity(of: earlier) != nil,
            resourceKind.identity(of: earlier) == resourceKind.identity(of: later)
        else {
            throw PlanningError(.duplicateKey(positions: positions, key: item.key), stepID: id)
        }
        let differences = resourceKind.differences(between: earlier, and: later)
        guard differences.isEmpty else {
            let wanted = differences.map { name in
                name == "state"
                    ? "state \(earlier.state.rawValue) vs \(later.state.rawValue)"
                    : name.hasPrefix("create.")
                        ? "\(name) \(Self.shown(earlier.create[String(name.dropFirst(7))], resourceKind, name)) vs "
                            + Self.shown(later.create[String(name.dropFirst(7))], resourceKind, name)
                        : "\(name) \(Self.shown(earlier.set[name], resourceKind, name)) vs "
                            + Self.shown(later.set[name], resourceKind, name)
            }
            throw PlanningError(
                .conflictingRows(
                    positions: positions, object: resourceKind.describe(earlier), wanted: wanted,
                    kind: resourceKind.name),
                stepID: id, itemKey: first.key)
        }
        first.mergedPositions.append(item.index + 1)
    }

    private static func shown(_ value: JSONValue?, _ kind: ResourceKind, _ name: String) -> String {
        let field = kind.field(named: name.hasPrefix("create.") ? String(name.dropFirst(7)) : name)
        return value.map { (field?.shown($0) ?? $0).serialized() } ?? "(not set)"
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
                throw PlanningError(.evaluation(error), stepID: id, range: error.range)
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
            throw PlanningError(.evaluation(error), stepID: id, itemKey: item.key, range: error.range)
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
