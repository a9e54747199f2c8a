import Foundation
public import JSONValues
public import OrderedCollections

/// Why an `ensure` item cannot be written as a SIS import row.
public struct SISRowProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, for a Canvas admin.
    public let message: String
    /// The field concerned (`set.time_zone`, `key.user_id`, `in`), for positions.
    public let field: String
    /// Whether the problem is the field's name (no such column) rather than its value.
    public let concernsName: Bool

    /// A problem with one field.
    public init(_ message: String, field: String, concernsName: Bool = false) {
        self.message = message
        self.field = field
        self.concernsName = concernsName
    }

    public var description: String { message }
}

extension SISRowFormat {
    /// The problems that keep `item` from being written as a row, found from what is known before any read: a
    /// value still unknown (an expression) is only checked for the SIS form its text starts with.
    public func problems(of item: EnsureItem, parentText: String?) -> [SISRowProblem] {
        var problems: [SISRowProblem] = []
        let keyNames = item.key.keys.filter { $0 != "type" || kind != "enrollment" }
        if keyNames != [keyField] {
            let written = item.key.keys.joined(separator: ", ")
            problems.append(
                SISRowProblem(
                    "via: sis_import finds a \(kind) by its SIS id only: the key must be '\(keyField)'"
                        + (keySISPrefix.map { " as \($0):…" } ?? "") + ", not '\(written)'",
                    field: "key.\(item.key.keys.first ?? keyField)"))
        } else if let prefix = keySISPrefix, let value = item.key[keyField], !Self.hasForm(value, prefix) {
            problems.append(
                SISRowProblem(
                    "via: sis_import names the \(kind)'s \(keyField) by SIS id: write it as \(prefix):…, not "
                        + "\(Self.shown(value))", field: "key.\(keyField)"))
        }
        problems += parentProblems(parentText)
        for (name, value) in Array(item.set.elements) + Array(item.create.elements) {
            if name == keyField || (kind == "enrollment" && name == "type") { continue }
            guard let column = columns[name] else {
                problems.append(
                    SISRowProblem(
                        "via: sis_import: the \(kind) field '\(name)' has no column in \(file) (its columns: "
                            + columnNames.joined(separator: ", ") + "); set it in a 'via: api' step",
                        field: item.set[name] != nil ? "set.\(name)" : "create.\(name)", concernsName: true))
                continue
            }
            if let prefix = column.sisPrefix, !Self.hasForm(value, prefix) {
                problems.append(
                    SISRowProblem(
                        "via: sis_import writes '\(name)' as a SIS id: write it as \(prefix):…, not "
                            + Self.shown(value), field: item.set[name] != nil ? "set.\(name)" : "create.\(name)"))
            }
            if name == statusField, let word = value.stringValue, !value.isUnknown, statusWords[word] == nil {
                problems.append(
                    SISRowProblem(
                        "via: sis_import: \(name) '\(word)' has no SIS status; it can be "
                            + statusWords.keys.sorted().joined(separator: ", "), field: "set.\(name)"))
            }
        }
        return problems
    }

    private func parentProblems(_ parentText: String?) -> [SISRowProblem] {
        if parentColumns.isEmpty {
            guard let parentText, parentText != "self", parentText != "an expression" else { return [] }
            return [
                SISRowProblem(
                    "via: sis_import writes \(file) for the root account only: 'in:' must be self, not \(parentText)",
                    field: "in")
            ]
        }
        let text = parentText ?? "self"
        // A whole expression is known only from data: its row is checked when it is written.
        if text == "an expression" || (text == "self" && rootColumn != nil) { return [] }
        if parentColumns.keys.contains(where: { text.hasPrefix($0 + ":") }) { return [] }
        let forms = parentColumns.keys.sorted().map { "\($0):…" } + (rootColumn == nil ? [] : ["self"])
        return [
            SISRowProblem(
                "via: sis_import names the \(kind)'s parent by SIS id: 'in:' must be "
                    + forms.joined(separator: " or ") + ", not \(text)", field: "in")
        ]
    }

    /// The row of `item` for `action` against the live object: every column of `header` filled from the job,
    /// else from the live object. Throws when the item cannot be written as a row.
    public func row(
        for item: EnsureItem, action: ResourceAction, live: JSONValue?, header: [String]
    ) throws(SISRowProblem) -> [String] {
        let parentText = item.parent?.stringValue
        if let problem = problems(of: item, parentText: parentText).first { throw problem }
        var cells: [String: String] = [:]
        let keyText = item.key[keyField]?.interpolated ?? ""
        cells[keyColumn] = keySISPrefix.map { String(keyText.dropFirst($0.count + 1)) } ?? keyText
        if let parentText, parentText != "self",
            let (prefix, column) = parentColumns.first(where: { parentText.hasPrefix($0.key + ":") })
        {
            cells[column] = String(parentText.dropFirst(prefix.count + 1))
        }
        for column in columns.values {
            if let liveKey = column.liveKey, cells[column.name] == nil, let value = live?[liveKey], value != .null {
                cells[column.name] = value.interpolated
            }
        }
        let isCreate = if case .create = action { true } else { false }
        for (name, value) in Array(item.set.elements) + (isCreate ? Array(item.create.elements) : []) {
            guard let column = columns[name], name != statusField else { continue }
            if column.createOnly && !isCreate { continue }
            var text = value.interpolated
            if let prefix = column.sisPrefix { text = String(text.dropFirst(prefix.count + 1)) }
            cells[column.name] = text
        }
        if kind == "enrollment" {
            let type = item.key["type"]?.stringValue ?? item.set["type"]?.stringValue ?? live?["type"]?.stringValue
            cells["role"] = Self.role(ofType: type ?? "StudentEnrollment")
        }
        cells["status"] = status(for: item, action: action)
        for column in required where (cells[column] ?? "").isEmpty {
            throw SISRowProblem(
                "via: sis_import needs \(column) for every row of \(file); set it in the job", field: column)
        }
        return header.map { cells[$0] ?? "" }
    }

    /// The header of a file whose rows set `fields`: the key and parent columns, each field's column, status.
    public func header(forFields fields: Set<String>, parents: Set<String>) -> [String] {
        var names: [String] = [keyColumn]
        for column in parentColumns.values.sorted() where parents.contains(column) { names.append(column) }
        if let rootColumn, !names.contains(rootColumn), parents.contains(rootColumn) { names.append(rootColumn) }
        let fieldColumns = columns.filter { fields.contains($0.key) }.map(\.value.name)
        for name in Set(fieldColumns + required).sorted() where !names.contains(name) && name != "status" {
            names.append(name)
        }
        names.append("status")
        return names
    }

    private func status(for item: EnsureItem, action: ResourceAction) -> String {
        if case .delete(let options) = action {
            let option = options.values.first?.stringValue ?? ""
            return deleteStatus[option] ?? deleteStatus[""] ?? "deleted"
        }
        if let statusField, let word = item.set[statusField]?.stringValue, let status = statusWords[word] {
            return status
        }
        return "active"
    }

    /// The SIS `role` of a Canvas enrollment type: `StudentEnrollment` → `student`.
    static func role(ofType type: String) -> String {
        switch type {
        case "TaEnrollment": "ta"
        default: type.replacingOccurrences(of: "Enrollment", with: "").lowercased()
        }
    }

    /// A value for a message: an expression's known start followed by an ellipsis.
    private static func shown(_ value: JSONValue) -> String {
        value.unknownReason.map { $0.hasSuffix(":") ? $0 + "…" : $0 } ?? value.interpolated
    }

    private static func hasForm(_ value: JSONValue, _ prefix: String) -> Bool {
        if let text = value.unknownReason { return text.hasPrefix(prefix + ":") || text == "an expression" }
        return value.stringValue?.hasPrefix(prefix + ":") == true
    }
}
