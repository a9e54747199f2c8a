import Canvas
import Foundation
import JSONValues
import OrderedCollections

/// `docs/resources.md`: every kind's parents, keys, fields and requests, written from the kinds themselves so
/// that the reference cannot drift from what Easel does (a test keeps the file equal to `markdown`).
public enum ResourceReference {
    /// The whole reference as Markdown.
    public static var markdown: String {
        var lines = [
            "# Resources",
            "",
            "<!-- Generated from the kinds' field tables (Sources/Resources); a test keeps this file equal to them.",
            "     Re-record with EASEL_RECORD_GOLDEN=1 swift test --filter ResourceReferenceTests. -->",
            "",
            "What `ensure:` knows about each kind of Canvas object: the parents `in:` may name, the keys that",
            "find an object, the fields `key:`, `set:` and `create:` may name, what `state: absent` does, and the",
            "requests Easel sends. In the field tables, *create only* fields are sent when the object is created",
            "and never changed afterwards (give them under `create:`, or under `set:` where the live value must",
            "already match); *key only* fields find an object and are never written.",
            "",
            "Kinds: "
                + ResourceKinds.all.map { "[`\($0.name)`](#\($0.name.replacingOccurrences(of: "_", with: "")))" }
                .joined(separator: ", ") + ".",
        ]
        for kind in ResourceKinds.all {
            lines.append("")
            lines += section(for: kind)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func section(for kind: ResourceKind) -> [String] {
        var lines = ["## \(kind.name.replacingOccurrences(of: "_", with: ""))", "", "`ensure: \(kind.name)`", ""]
        let parent =
            kind.defaultParent.map { " Without `in:`, the parent is `\($0.interpolated)`." } ?? " `in:` is required."
        let forms = kind.parentForms.map { form in
            form.firstRange(of: " (").map { "`\(form[..<$0.lowerBound])`\(form[$0.lowerBound...])" } ?? "`\(form)`"
        }
        lines.append("**Parents** (`in:`): " + forms.joined(separator: ", ") + "." + parent)
        lines.append("")
        lines.append(
            "**Keys** (`key:`, one of): "
                + kind.keys.map { "`" + $0.fields.joined(separator: "` + `") + "`" }.joined(separator: "; ") + ".")
        if !kind.requiredOnCreate.isEmpty {
            lines.append("")
            lines.append(
                "**Required to create**: "
                    + kind.requiredOnCreate.map { $0.map { "`\($0)`" }.joined(separator: " or ") }.joined(
                        separator: "; ") + ".")
        }
        lines.append("")
        lines.append("| Field | Type | Written | Canvas parameter |")
        lines.append("|---|---|---|---|")
        for field in kind.fields {
            let written =
                switch field.writability {
                case .always: "create and update"
                case .createOnly: field.isSecret ? "create only; never shown" : "create only"
                case .replacing: "create; a change replaces the object"
                case .lookupOnly: "key only"
                }
            let parameter = field.parameter.isEmpty ? "" : "`" + formName(field.parameter) + "`"
            let summary = field.summary.isEmpty ? "" : " – " + field.summary
            lines.append("| `\(field.name)`\(summary) | \(typeName(field.type)) | \(written) | \(parameter) |")
        }
        lines.append("")
        lines += requests(for: kind)
        return lines
    }

    private static func requests(for kind: ResourceKind) -> [String] {
        let live: JSONValue = ["id": ":id", "url": ":url", "course_id": ":course_id"]
        var lines: [String] = ["**Requests**:", ""]
        for parentKind in kind.parentKinds {
            let parent = ResourceParent(kind: parentKind, id: .string(":\(parentKind.idWord)_id"))
            let within = kind.parentKinds.count > 1 ? " (in a \(parentKind.rawValue))" : ""
            let collection = path(kind.endpoints.collection(parent))
            let member = (try? kind.endpoints.member(parent, live)).map(path) ?? "?"
            lines.append("- find\(within): `GET \(collection)`, or the object's own URL, by key")
            let create = kind.endpoints.customCreate == nil ? "" : " (after the reads it needs)"
            lines.append("- create\(within): `POST \(collection)`\(create)")
            if let summary = kind.endpoints.updateSummary {
                if parentKind == kind.parentKind { lines.append("- update: \(summary)") }
            } else {
                lines.append("- update\(within): `PUT \(member)`")
            }
            var options = OrderedDictionary<String, JSONValue>()
            for option in kind.deleteOptions { options[option.name] = .string(option.defaultValue) }
            if let delete = try? kind.endpoints.delete(parent, live, options) {
                let query = delete.query.isEmpty ? "" : "?" + delete.query.map(\.description).joined(separator: "&")
                lines.append("- `state: absent`\(within): `\(delete.method.rawValue) \(path(delete.path))\(query)`")
            }
        }
        for option in kind.deleteOptions {
            lines.append(
                "- `set: { \(option.name): … }` with `state: absent` chooses how: "
                    + option.values.map { "`\($0)`" }.joined(separator: ", ") + " (default `\(option.defaultValue)`)")
        }
        if let revival = kind.endpoints.revival {
            lines.append(
                "- a gone object that should be present is brought back by a change of `\(revival.field)` "
                    + "(default `\(revival.defaultValue)`), never created a second time")
        }
        return lines
    }

    private static func path(_ encoded: String) -> String {
        encoded.removingPercentEncoding ?? encoded
    }

    private static func formName(_ parameter: [String]) -> String {
        guard let first = parameter.first else { return "" }
        return first + parameter.dropFirst().map { "[\($0)]" }.joined()
    }

    private static func typeName(_ type: FieldType) -> String {
        switch type {
        case .text: "text"
        case .caseInsensitiveText: "text, any case"
        case .boolean: "boolean"
        case .integer: "whole number"
        case .number: "number"
        case .date: "time (ISO 8601)"
        case .html: "HTML"
        case .reference: "Canvas id or SIS id"
        case .choice(let words): "one of " + words.map { "`\($0)`" }.joined(separator: ", ")
        case .wordList: "list of words"
        case .timeZone: "time zone (IANA, or a Rails name)"
        }
    }
}
