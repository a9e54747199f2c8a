import Diagnostics
public import JSONValues
public import OrderedCollections

extension ResourceKind {
    /// Every problem of an item's `in:`, `key:` and `set:` against this kind, all at once.
    public func validate(_ item: EnsureItem) -> [ResourceError] {
        var problems: [ResourceError] = []
        do throws(ResourceError) {
            let parent = try parent(of: item)
            if parent.kind == .section, item.set["course_section_id"] != nil || item.create["course_section_id"] != nil
            {
                problems.append(.fieldOfParent(kind: name, field: "course_section_id"))
            }
        } catch {
            problems.append(error)
        }
        if !keys.contains(where: { $0.accepts(item.key.keys) }) {
            problems.append(.unsupportedKey(kind: name, fields: Array(item.key.keys), accepted: keys.map(\.fields)))
        } else if item.state == .present {
            let unwritable = item.key.keys.filter { !isWritableOnCreate($0) }
            if !unwritable.isEmpty {
                problems.append(
                    .keyNotWritable(
                        kind: name, fields: Array(unwritable),
                        creatable: keys.map(\.fields).filter { $0.allSatisfy(isWritableOnCreate) }))
            }
        }
        for (fieldName, value) in item.key {
            guard let field = field(named: fieldName) else { continue }
            problems += typeProblems(field, value)
        }
        let settable = settableFieldNames(for: item.state)
        for (fieldName, value) in item.set {
            guard settable.contains(fieldName) else {
                problems.append(
                    .unknownField(
                        kind: name, field: fieldName, suggestion: suggestion(for: fieldName, among: settable)))
                continue
            }
            if let field = field(named: fieldName) {
                problems += typeProblems(field, value)
            } else if let option = deleteOptions.first(where: { $0.name == fieldName }),
                !option.values.contains(value.interpolated)
            {
                problems.append(
                    .invalidValue(
                        kind: name, field: fieldName, value: value.serialized(),
                        expected: "one of " + option.values.joined(separator: ", ")))
            }
        }
        problems += companionFieldProblems(item)
        for (fieldName, value) in item.create {
            guard let field = field(named: fieldName), field.writability != .lookupOnly else {
                let creatable = fields.filter { $0.writability != .lookupOnly }.map(\.name)
                problems.append(
                    .unknownField(
                        kind: name, field: fieldName, suggestion: suggestion(for: fieldName, among: creatable)))
                continue
            }
            if item.set[fieldName] != nil || item.key[fieldName] != nil {
                problems.append(.fieldTwice(kind: name, field: fieldName))
            }
            problems += typeProblems(field, value)
        }
        return problems
    }

    /// Whether a key field is sent with a new object, so that the object can be found by it afterwards.
    public func isWritableOnCreate(_ fieldName: String) -> Bool {
        field(named: fieldName).map { !$0.parameter.isEmpty } ?? false
    }

    private func typeProblems(_ field: ResourceField, _ value: JSONValue) -> [ResourceError] {
        guard !value.containsUnknown, field.type.normalized(value) == nil else { return [] }
        return [
            .invalidValue(kind: name, field: field.name, value: value.serialized(), expected: field.type.displayName)
        ]
    }

    /// The fields of `desired` whose values differ from the live object's, in the order `desired` gives them.
    ///
    /// A desired value only known after apply is always a change. A time without an offset is read in `zone`, as
    /// Canvas will read it; the change then notes the local value and the zone.
    public func diff(
        desired: OrderedDictionary<String, JSONValue>, live: JSONValue, zone: CanvasTimeZone? = nil
    ) -> [FieldChange] {
        var changes: [FieldChange] = []
        for (fieldName, value) in desired {
            // Canvas never returns a secret: there is nothing to compare it with.
            guard let field = field(named: fieldName), !field.isSecret else { continue }
            let liveValue = field.liveValue(in: live)
            guard !field.type.isEquivalent(value, liveValue, in: zone) else { continue }
            let before = field.type.normalized(liveValue) ?? liveValue ?? .null
            let after = value.containsUnknown ? value : (field.type.normalized(value, in: zone) ?? value)
            var change = FieldChange(field: fieldName, before: before, after: after)
            change.note = localTimeNote(field, value, zone: zone)
            changes.append(change)
        }
        return changes
    }

    /// What applying the item would do, given the live object (nil when `lookup` found none).
    ///
    /// `zone` is the zone Canvas reads a time without an offset in; nil reads such a time as UTC.
    public func plannedAction(
        for item: EnsureItem, live: JSONValue?, zone: CanvasTimeZone? = nil
    ) throws(ResourceError) -> ResourceAction {
        if let problem = validate(item).first { throw problem }
        switch item.state {
        case .absent:
            let options = deleteOptionValues(item)
            guard let live, !endpoints.isAbsent(live, options) else { return .unchanged }
            return .delete(options: options)
        case .present:
            guard let live else { return try creation(item, zone: zone) }
            var desired = item.set
            if endpoints.isGone(live) {
                guard let revival = endpoints.revival else { return try creation(item, zone: zone) }
                if desired[revival.field] == nil { desired[revival.field] = .string(revival.defaultValue) }
            }
            let changes = diff(desired: desired, live: live, zone: zone)
            for change in changes {
                if let field = field(named: change.field), ![.always, .replacing].contains(field.writability) {
                    throw .notUpdatable(kind: name, field: change.field)
                }
            }
            return changes.isEmpty ? .unchanged : .update(changes: changes)
        }
    }

    /// The create of an item, or the fields Canvas would refuse it without.
    private func creation(_ item: EnsureItem, zone: CanvasTimeZone?) throws(ResourceError) -> ResourceAction {
        let fields = creationFields(item, zone: zone)
        if let missing = missingCreationFields(fields).first {
            throw .missingCreationField(kind: name, fields: missing)
        }
        return .create(fields: fields)
    }

    /// The delete options of an absent item, defaults filled in.
    func deleteOptionValues(_ item: EnsureItem) -> OrderedDictionary<String, JSONValue> {
        var options = OrderedDictionary<String, JSONValue>()
        for option in deleteOptions {
            options[option.name] = item.set[option.name] ?? .string(option.defaultValue)
        }
        return options
    }

    /// The fields a create sends: the key's writable fields, then `set:`, then `create:`.
    func creationFields(_ item: EnsureItem, zone: CanvasTimeZone? = nil) -> OrderedDictionary<String, JSONValue> {
        var result = OrderedDictionary<String, JSONValue>()
        for (fieldName, value) in item.key {
            guard let field = field(named: fieldName), field.writability != .lookupOnly else { continue }
            result[fieldName] = field.parameterValue(value, in: zone)
        }
        for (fieldName, value) in item.set.merging(item.create, uniquingKeysWith: { _, created in created }) {
            result[fieldName] = field(named: fieldName)?.parameterValue(value, in: zone) ?? value
        }
        return result
    }

    /// The fields Canvas needs to create an object of this kind that `fields` lacks: for each need, the names
    /// that meet it (a user needs `login_id` or `unique_id`).
    func missingCreationFields(_ fields: OrderedDictionary<String, JSONValue>) -> [[String]] {
        requiredOnCreate.filter { names in
            !names.contains { name in fields[name].map { !$0.isNull && $0 != "" } ?? false }
        }
    }
}

extension ResourceKind {
    /// How a plan explains a time written without an offset: `2026-12-20 in America/Chicago`; nil for other
    /// values.
    func localTimeNote(_ field: ResourceField, _ value: JSONValue, zone: CanvasTimeZone?) -> String? {
        guard field.type == .date, let zone, case .string(let text) = value,
            let local = CanvasTime.localDescription(text)
        else { return nil }
        return "\(local) in \(zone.name)"
    }

    /// The notes of every time in the item written without an offset, by field, for a plan to show beside the
    /// UTC values.
    public func localTimeNotes(_ item: EnsureItem, zone: CanvasTimeZone?) -> [String: String] {
        var notes: [String: String] = [:]
        for (fieldName, value) in item.key.merging(item.set, uniquingKeysWith: { $1 }) {
            guard let field = field(named: fieldName), let note = localTimeNote(field, value, zone: zone) else {
                continue
            }
            notes[fieldName] = note
        }
        return notes
    }
}
