import Foundation
public import JSONValues
import OrderedCollections
public import PlanModel
public import RunContext

/// The plan as JSON: the layout of `plan --format json` and of saved plan files (docs/plan-format.md).
extension Plan {
    /// The plan as a JSON value, `format_version` first.
    public var jsonValue: JSONValue {
        var json = membersBesideSteps
        json["steps"] = .array(steps.map(\.jsonValue))
        return .object(json)
    }

    /// The plan as pretty-printed JSON text, the same as `jsonValue.serialized(options: [.prettyPrinted])`,
    /// written one item at a time: a plan of 100,000 items is never held as values and as text at once.
    public var prettyPrintedJSON: String {
        var text = ""
        writePrettyPrintedJSON { text += $0 }
        return text
    }

    /// `prettyPrintedJSON`, handed to `write` a part at a time.
    public func writePrettyPrintedJSON(to write: (String) -> Void) {
        var text = ""
        Self.writeObject(membersBesideSteps, to: &text, depth: 0) { text, depth in
            Self.writeArray(steps, to: &text, depth: depth) { step, text, depth in
                step.writeJSON(to: &text, depth: depth) { text in
                    if text.utf8.count >= Self.writtenPartSize {
                        write(text)
                        text = ""
                    }
                }
            }
        }
        write(text)
    }

    /// How much JSON text `writePrettyPrintedJSON` gathers before handing it on.
    private static let writtenPartSize = 1 << 16

    /// The plan's members in their order, `steps` (a placeholder) included, so that its place is kept.
    private var membersBesideSteps: OrderedDictionary<String, JSONValue> {
        let summary = summary
        var json: OrderedDictionary<String, JSONValue> = [
            "format_version": .int(Self.formatVersion),
            "header": header.jsonValue,
            "summary": [
                "create": .int(summary.creates), "update": .int(summary.updates), "delete": .int(summary.deletes),
                "unchanged": .int(summary.unchanged), "request": .int(summary.requests),
                "skip": .int(summary.skipped), "read": .int(summary.reads), "writes": .int(summary.writes),
            ],
            "limit_violations": .array(limitViolations.map(JSONValue.string)),
            "steps": .array([]),
        ]
        if let reads { json["reads"] = reads.jsonValue }
        return json
    }

    /// Writes `members` as a pretty-printed object, the `steps` member by `writeSteps`.
    static func writeObject(
        _ members: OrderedDictionary<String, JSONValue>, to text: inout String, depth: Int,
        writing key: String = "steps", by writeMember: (inout String, Int) -> Void
    ) {
        text += "{"
        for (index, (name, value)) in members.enumerated() {
            if index > 0 { text += "," }
            text += "\n" + String(repeating: "  ", count: depth + 1)
            JSONValue.writeString(name, to: &text)
            text += ": "
            if name == key {
                writeMember(&text, depth + 1)
            } else {
                value.write(to: &text, options: [.prettyPrinted], depth: depth + 1)
            }
        }
        text += "\n" + String(repeating: "  ", count: depth) + "}"
    }

    /// Writes `elements` as a pretty-printed array, each by `writeElement`.
    static func writeArray<Element>(
        _ elements: [Element], to text: inout String, depth: Int,
        by writeElement: (Element, inout String, Int) -> Void
    ) {
        guard !elements.isEmpty else {
            text += "[]"
            return
        }
        text += "["
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            text += "\n" + String(repeating: "  ", count: depth + 1)
            writeElement(element, &text, depth + 1)
        }
        text += "\n" + String(repeating: "  ", count: depth) + "]"
    }

    /// Reads a plan written by `jsonValue`.
    public init(json: JSONValue) throws(PlanningError) {
        guard let version = json["format_version"]?.intValue else {
            throw PlanningError(.planFileWithoutVersion)
        }
        guard version == Self.formatVersion else {
            throw PlanningError(.planFileVersion(found: version, readable: Self.formatVersion))
        }
        let header = try PlanHeader(json: json["header"] ?? .null)
        let steps = try (json["steps"]?.arrayValue ?? []).map { (step) throws(PlanningError) in
            try PlannedStep(json: step)
        }
        let violations = (json["limit_violations"]?.arrayValue ?? []).compactMap(\.stringValue)
        self.init(header: header, steps: steps, limitViolations: violations)
        reads = PlanReads(json: json["reads"])
    }
}

extension PlanHeader {
    var jsonValue: JSONValue {
        [
            "job_name": .string(jobName), "job_path": .string(jobPath), "job_hash": .string(jobHash),
            "vars": .object(vars), "environment": .string(environmentName), "host": .string(host),
            "production": .bool(isProduction), "created_at": .string(Self.timestamp.string(from: createdAt)),
            "easel_version": .string(easelVersion),
        ]
    }

    init(json: JSONValue) throws(PlanningError) {
        func text(_ key: String) throws(PlanningError) -> String {
            guard let value = json[key]?.stringValue else { throw PlanningError(.planHeaderMissing(field: key)) }
            return value
        }
        self.init(
            jobName: try text("job_name"),
            jobPath: try text("job_path"),
            jobHash: try text("job_hash"),
            vars: json["vars"]?.objectValue ?? [:],
            environmentName: try text("environment"),
            host: try text("host"),
            isProduction: json["production"]?.boolValue ?? true,
            createdAt: Self.timestamp.date(from: try text("created_at")) ?? Date(timeIntervalSince1970: 0),
            easelVersion: try text("easel_version")
        )
    }

    nonisolated(unsafe) static let timestamp: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()
}

extension PlannedStep {
    var jsonValue: JSONValue {
        var members = membersBesideItems
        members["items"] = .array(items.map(\.jsonValue))
        return .object(members)
    }

    /// Appends the step as `jsonValue` would be written pretty-printed at `depth`, one item at a time.
    /// `afterItem` is called after each item, to hand on what is written so far.
    func writeJSON(to text: inout String, depth: Int, afterItem: (inout String) -> Void) {
        Plan.writeObject(membersBesideItems, to: &text, depth: depth, writing: "items") { text, depth in
            Plan.writeArray(items, to: &text, depth: depth) { item, text, depth in
                item.jsonValue.write(to: &text, options: [.prettyPrinted], depth: depth)
                afterItem(&text)
            }
        }
    }

    /// The step's members in their order, `items` (a placeholder) included.
    private var membersBesideItems: OrderedDictionary<String, JSONValue> {
        var members: OrderedDictionary<String, JSONValue> = [
            "id": .string(id), "summary": .string(summary), "fan_out": .bool(isFanOut), "items": .array([]),
        ]
        if let itemsUnknown { members["items_unknown"] = .string(itemsUnknown) }
        if !notes.isEmpty { members["notes"] = .array(notes.map(JSONValue.string)) }
        if let sisImport { members["sis_import"] = sisImport.jsonValue }
        return members
    }

    init(json: JSONValue) throws(PlanningError) {
        guard let id = json["id"]?.stringValue else { throw PlanningError(.planStepWithoutID) }
        let items = try (json["items"]?.arrayValue ?? []).map { (item) throws(PlanningError) in
            try PlannedItem(json: item, stepID: id)
        }
        self.init(
            id: id,
            summary: json["summary"]?.stringValue ?? "",
            isFanOut: json["fan_out"]?.boolValue ?? false,
            items: items,
            itemsUnknown: json["items_unknown"]?.stringValue,
            notes: (json["notes"]?.arrayValue ?? []).compactMap(\.stringValue)
        )
        sisImport = SISImportPlan(json: json["sis_import"])
    }
}

extension PlannedItem {
    var jsonValue: JSONValue {
        var members: OrderedDictionary<String, JSONValue> = ["key": .string(key)]
        for (name, value) in action.jsonMembers { members[name] = value }
        if let before { members["before"] = before }
        if let pendingCondition { members["pending_condition"] = .string(pendingCondition) }
        if !notes.isEmpty {
            members["notes"] = .object(
                OrderedDictionary(
                    uniqueKeysWithValues: notes.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        if let readAfterApply { members["read_after_apply"] = .string(readAfterApply) }
        if let mergedInto {
            members["merged_into"] = ["step": .string(mergedInto.stepID), "key": .string(mergedInto.itemKey)]
        }
        return .object(members)
    }

    init(json: JSONValue, stepID: String) throws(PlanningError) {
        guard let key = json["key"]?.stringValue else {
            throw PlanningError(.planItemWithoutKey, stepID: stepID)
        }
        self.init(
            key: key,
            action: try PlannedAction(json: json, stepID: stepID, key: key),
            before: json["before"],
            pendingCondition: json["pending_condition"]?.stringValue,
            readAfterApply: json["read_after_apply"]?.stringValue
        )
        if let step = json["merged_into"]?["step"]?.stringValue, let target = json["merged_into"]?["key"]?.stringValue {
            mergedInto = MergeTarget(stepID: step, itemKey: target)
        }
        for (field, note) in json["notes"]?.objectValue ?? [:] {
            if let text = note.stringValue { notes[field] = text }
        }
    }
}

extension PlannedAction {
    var jsonMembers: OrderedDictionary<String, JSONValue> {
        switch self {
        case .read(let path, let count):
            ["action": "read", "path": .string(path), "count": count.map(JSONValue.int) ?? .null]
        case .create(let kind, let fields):
            ["action": "create", "kind": .string(kind), "fields": .object(fields)]
        case .update(let kind, let id, let changes):
            updateMembers(kind: kind, id: id, changes: changes)
        case .delete(let kind, let id, let detail):
            ["action": "delete", "kind": .string(kind), "id": id, "detail": detail.map(JSONValue.string) ?? .null]
        case .unchanged(let kind, let id):
            ["action": "unchanged", "kind": .string(kind), "id": id]
        case .request(let method, let path, let query, let body):
            [
                "action": "request", "method": .string(method), "path": .string(path), "query": query ?? .null,
                "body": body ?? .null,
            ]
        case .skip(let reason):
            ["action": "skip", "reason": .string(reason)]
        }
    }

    private func updateMembers(kind: String, id: JSONValue, changes: [PlannedChange]) -> OrderedDictionary<
        String, JSONValue
    > {
        var members: OrderedDictionary<String, JSONValue> = [
            "action": "update", "kind": .string(kind), "id": id,
            "changes": .array(changes.map { ["field": .string($0.field), "before": $0.before, "after": $0.after] }),
        ]
        // A replacement says so: the summary counts it as a create and a delete, not an update.
        if replacesObject { members["replaces"] = true }
        return members
    }

    init(json: JSONValue, stepID: String, key: String) throws(PlanningError) {
        let kind = json["kind"]?.stringValue ?? ""
        let id = json["id"] ?? .null
        switch json["action"]?.stringValue {
        case "read": self = .read(path: json["path"]?.stringValue ?? "", count: json["count"]?.intValue)
        case "create": self = .create(kind: kind, fields: json["fields"]?.objectValue ?? [:])
        case "update":
            let changes = (json["changes"]?.arrayValue ?? []).map {
                PlannedChange(
                    field: $0["field"]?.stringValue ?? "", before: $0["before"] ?? .null, after: $0["after"] ?? .null)
            }
            self = .update(kind: kind, id: id, changes: changes)
        case "delete": self = .delete(kind: kind, id: id, detail: json["detail"]?.stringValue)
        case "unchanged": self = .unchanged(kind: kind, id: id)
        case "request":
            self = .request(
                method: json["method"]?.stringValue ?? "GET", path: json["path"]?.stringValue ?? "",
                query: json["query"].flatMap { $0.isNull ? nil : $0 },
                body: json["body"].flatMap { $0.isNull ? nil : $0 }
            )
        case "skip": self = .skip(reason: json["reason"]?.stringValue ?? "")
        case let other:
            throw PlanningError(.planActionUnknown(other), stepID: stepID, itemKey: key)
        }
    }
}

extension SISImportPlan {
    var jsonValue: JSONValue {
        ["rows": .int(rows), "batches": .int(batches), "files": .array(files.map(JSONValue.string))]
    }

    init?(json: JSONValue?) {
        guard let json, let rows = json["rows"]?.intValue, let batches = json["batches"]?.intValue else { return nil }
        self.init(rows: rows, batches: batches, files: (json["files"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
