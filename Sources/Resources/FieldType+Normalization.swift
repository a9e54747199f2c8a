import CanvasRules
import Foundation
public import JSONValues

extension FieldType {
    /// The canonical form of `value` for comparison, or nil when the value cannot be read as this type.
    ///
    /// `null`, a missing value and (for most types) an empty string all become `.null`; unknown values stay
    /// unknown.
    public func normalized(_ value: JSONValue?) -> JSONValue? {
        normalized(value, in: nil)
    }

    /// The canonical form of `value` for comparison, a time without an offset read as local time in `zone` (as
    /// Canvas reads it in the request's zone), or as UTC when `zone` is nil.
    public func normalized(_ value: JSONValue?, in zone: CanvasTimeZone?) -> JSONValue? {
        guard let value, !value.isNull else { return .null }
        if value.isUnknown { return value }
        switch self {
        case .text, .caseInsensitiveText:
            guard let text = Self.scalarText(value) else { return nil }
            if text.isEmpty { return .null }
            return .string(self == .caseInsensitiveText ? text.lowercased() : text)
        case .html:
            guard let text = Self.scalarText(value) else { return nil }
            let collapsed = Self.collapsingHTMLWhitespace(CanvasHTML.sanitized(text))
            return collapsed.isEmpty ? .null : .string(collapsed)
        case .boolean:
            return Self.boolean(value).map(JSONValue.bool)
        case .integer:
            if let number = value.intValue { return .int(number) }
            guard let text = Self.trimmedText(value) else { return nil }
            if text.isEmpty { return .null }
            return Int(text).map(JSONValue.int)
        case .number:
            if let number = value.doubleValue { return Self.number(number) }
            guard let text = Self.trimmedText(value) else { return nil }
            if text.isEmpty { return .null }
            return Double(text).map(Self.number)
        case .date:
            guard let text = Self.trimmedText(value) else { return nil }
            if text.isEmpty { return .null }
            let canonical = zone.map { CanvasTime.canonical(text, in: $0) } ?? CanvasTime.canonical(text)
            return canonical.map(JSONValue.string)
        case .reference:
            if let number = value.intValue { return .int(number) }
            guard let text = Self.trimmedText(value) else { return nil }
            if text.isEmpty { return .null }
            return Int(text).map(JSONValue.int) ?? .string(text)
        case .choice(let words):
            guard let text = Self.trimmedText(value) else { return nil }
            if text.isEmpty { return .null }
            return words.first { $0.caseInsensitiveCompare(text) == .orderedSame }.map(JSONValue.string)
        case .timeZone:
            guard let text = Self.trimmedText(value) else { return nil }
            return text.isEmpty ? .null : .string(RailsTimeZones.ianaName(text))
        case .wordList:
            let elements = value.arrayValue ?? [value]
            var words: [String] = []
            for element in elements {
                guard let word = Self.trimmedText(element) else { return nil }
                if !word.isEmpty { words.append(word) }
            }
            return .array(Set(words).sorted().map(JSONValue.string))
        }
    }

    /// Whether a desired value and a live value mean the same; an unknown desired value never does.
    public func isEquivalent(_ desired: JSONValue?, _ live: JSONValue?, in zone: CanvasTimeZone? = nil) -> Bool {
        if desired?.containsUnknown == true { return false }
        return normalized(desired, in: zone) == normalized(live)
    }

    /// The text of a scalar (numbers and booleans as JSON spells them), or nil for containers.
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int, .double, .bool: value.serialized()
        case .null: ""
        case .array, .object, .unknown: nil
        }
    }

    static func trimmedText(_ value: JSONValue) -> String? {
        scalarText(value)?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Canvas reads a form boolean with `value_to_boolean`: these spellings are true, these false.
    static func boolean(_ value: JSONValue) -> Bool? {
        if let flag = value.boolValue { return flag }
        if let number = value.intValue { return number != 0 }
        switch trimmedText(value)?.lowercased() {
        case "true", "1", "yes", "on", "t", "y": return true
        case "false", "0", "no", "off", "f", "n": return false
        default: return nil
        }
    }

    static func number(_ value: Double) -> JSONValue {
        value.rounded() == value && abs(value) < 1e15 ? .int(Int(value)) : .double(value)
    }

    /// HTML with runs of whitespace as one space, none between tags, and none at either end: editors and
    /// Canvas's sanitizer reflow whitespace that the browser does not show.
    static func collapsingHTMLWhitespace(_ html: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in html {
            if character.isWhitespace {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty, !(result.last == ">" && character == "<") {
                result.append(" ")
            }
            pendingSpace = false
            result.append(character)
        }
        return result
    }
}
