import Foundation
public import JSONValues
public import OrderedCollections

/// Why an `ensure` item cannot be written as a SIS import row.
public struct SISRowProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, with what the message names.
    public enum Kind: Sendable, Hashable {
        /// The item's key is not the kind's SIS id field (`keyField`, written `prefix:…` when it has one).
        case keyNotSISID(kind: String, keyField: String, prefix: String?, written: String)
        /// The key's value is not in the SIS form `prefix:…`.
        case keyNotInSISForm(kind: String, keyField: String, prefix: String, value: JSONValue)
        /// The field `name` has no column in `file`, whose columns are `columns`.
        case noColumn(kind: String, name: String, file: String, columns: [String])
        /// The field `name`, written as a SIS id, is not in the form `prefix:…`.
        case fieldNotInSISForm(name: String, prefix: String, value: JSONValue)
        /// The state field `name` is `word`, which has no SIS status; `words` are those that have one.
        case noSISStatus(name: String, word: String, words: [String])
        /// `file` is written for the root account only, and `in:` is `parent`.
        case rootAccountOnly(file: String, parent: String)
        /// `in:` is `parent`, which is none of the SIS id forms `forms` that name the kind's parent.
        case parentNotSISID(kind: String, forms: [String], parent: String)
        /// `column` is empty, and every row of `file` needs it.
        case missingColumn(column: String, file: String)
    }

    /// What is wrong.
    public let kind: Kind
    /// The field concerned (`set.time_zone`, `key.user_id`, `in`), for positions.
    public let field: String
    /// Whether the problem is the field's name (no such column) rather than its value.
    public let concernsName: Bool

    /// A problem with one field.
    public init(_ kind: Kind, field: String, concernsName: Bool = false) {
        self.kind = kind
        self.field = field
        self.concernsName = concernsName
    }

    /// What is wrong, for a Canvas admin.
    public var message: String {
        switch kind {
        case .keyNotSISID(let kind, let keyField, let prefix, let written):
            "via: sis_import finds a \(kind) by its SIS id only: the key must be '\(keyField)'"
                + (prefix.map { " as \($0):…" } ?? "") + ", not '\(written)'"
        case .keyNotInSISForm(let kind, let keyField, let prefix, let value):
            "via: sis_import names the \(kind)'s \(keyField) by SIS id: write it as \(prefix):…, not "
                + SISRowFormat.shown(value)
        case .noColumn(let kind, let name, let file, let columns):
            "via: sis_import: the \(kind) field '\(name)' has no column in \(file) (its columns: "
                + columns.joined(separator: ", ") + "); set it in a 'via: api' step"
        case .fieldNotInSISForm(let name, let prefix, let value):
            "via: sis_import writes '\(name)' as a SIS id: write it as \(prefix):…, not " + SISRowFormat.shown(value)
        case .noSISStatus(let name, let word, let words):
            "via: sis_import: \(name) '\(word)' has no SIS status; it can be " + words.joined(separator: ", ")
        case .rootAccountOnly(let file, let parent):
            "via: sis_import writes \(file) for the root account only: 'in:' must be self, not \(parent)"
        case .parentNotSISID(let kind, let forms, let parent):
            "via: sis_import names the \(kind)'s parent by SIS id: 'in:' must be "
                + forms.joined(separator: " or ") + ", not \(parent)"
        case .missingColumn(let column, let file):
            "via: sis_import needs \(column) for every row of \(file); set it in the job"
        }
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
                    .keyNotSISID(kind: kind, keyField: keyField, prefix: keySISPrefix, written: written),
                    field: "key.\(item.key.keys.first ?? keyField)"))
        } else if let prefix = keySISPrefix, let value = item.key[keyField], !Self.hasForm(value, prefix) {
            problems.append(
                SISRowProblem(
                    .keyNotInSISForm(kind: kind, keyField: keyField, prefix: prefix, value: value),
                    field: "key.\(keyField)"))
        }
        problems += parentProblems(parentText)
        for (name, value) in Array(item.set.elements) + Array(item.create.elements) {
            if name == keyField || (kind == "enrollment" && name == "type") { continue }
            guard let column = columns[name] else {
                problems.append(
                    SISRowProblem(
                        .noColumn(kind: kind, name: name, file: file, columns: columnNames),
                        field: item.set[name] != nil ? "set.\(name)" : "create.\(name)", concernsName: true))
                continue
            }
            if let prefix = column.sisPrefix, !Self.hasForm(value, prefix) {
                problems.append(
                    SISRowProblem(
                        .fieldNotInSISForm(name: name, prefix: prefix, value: value),
                        field: item.set[name] != nil ? "set.\(name)" : "create.\(name)"))
            }
            if name == statusField, let word = value.stringValue, !value.isUnknown, statusWords[word] == nil {
                problems.append(
                    SISRowProblem(
                        .noSISStatus(name: name, word: word, words: statusWords.keys.sorted()), field: "set.\(name)"))
            }
        }
        return problems
    }

    private func parentProblems(_ parentText: String?) -> [SISRowProblem] {
        if parentColumns.isEmpty {
            guard let parentText, parentText != "self", parentText != "an expression" else { return [] }
            return [
                SISRowProblem(.rootAccountOnly(file: file, parent: parentText), field: "in")
            ]
        }
        let text = parentText ?? "self"
        // A whole expression is known only from data: its row is checked when it is written.
        if text == "an expression" || (text == "self" && rootColumn != nil) { return [] }
        if parentColumns.keys.contains(where: { text.hasPrefix($0 + ":") }) { return [] }
        let forms = parentColumns.keys.sorted().map { "\($0):…" } + (rootColumn == nil ? [] : ["self"])
        return [
            SISRowProblem(.parentNotSISID(kind: kind, forms: forms, parent: text), field: "in")
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
            throw SISRowProblem(.missingColumn(column: column, file: file), field: column)
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
    static func shown(_ value: JSONValue) -> String {
        value.unknownReason.map { $0.hasSuffix(":") ? $0 + "…" : $0 } ?? value.interpolated
    }

    private static func hasForm(_ value: JSONValue, _ prefix: String) -> Bool {
        if let text = value.unknownReason { return text.hasPrefix(prefix + ":") || text == "an expression" }
        return value.stringValue?.hasPrefix(prefix + ":") == true
    }
}
