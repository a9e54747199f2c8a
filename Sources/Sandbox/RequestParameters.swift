import JSONValues
import OrderedCollections

/// Rails-like `params`: nested values looked up by key path, with Canvas's coercions.
struct RequestParameters: Sendable {
    /// The parameters as an object.
    var root: JSONValue

    init(_ root: JSONValue = .object([:])) { self.root = root }

    /// The value at `path`, such as `("course", "name")`.
    func value(_ path: String...) -> JSONValue? { value(at: path) }

    func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = root
        for key in path { current = current?[key] }
        return current
    }

    /// The value at `path` as text: strings as they are, numbers and booleans as JSON spells them.
    func string(_ path: String...) -> String? { Self.text(value(at: path)) }

    /// Whether `path` holds something (even an empty string).
    func has(_ path: String...) -> Bool { value(at: path) != nil }

    /// `Canvas::Plugin.value_to_boolean` on the value at `path`; nil when absent.
    func bool(_ path: String...) -> Bool? { Self.boolean(value(at: path)) }

    /// The value at `path` as a list of strings (an array, or one value).
    func strings(_ path: String...) -> [String] {
        switch value(at: path) {
        case .array(let elements)?: elements.compactMap { Self.text($0) }
        case .object(let members)?: members.values.compactMap { Self.text($0) }
        case let other?: Self.text(other).map { [$0] } ?? []
        case nil: []
        }
    }

    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: number == number.rounded() ? String(Int(number)) : String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }

    /// Canvas's `value_to_boolean`: yes/y/true/t/on/1 and no/n/false/f/off/0, any case; else `to_i != 0`.
    static func boolean(_ value: JSONValue?) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .int(let number)?: return number != 0
        case let other?:
            guard let text = text(other)?.lowercased() else { return nil }
            if ["yes", "y", "true", "t", "on", "1"].contains(text) { return true }
            if ["no", "n", "false", "f", "off", "0"].contains(text) { return false }
            let digits = text.prefix { $0.isASCIIDigit || $0 == "-" }
            return (Int(digits) ?? 0) != 0
        }
    }

    /// Merges `other` over these parameters, object by object.
    func merging(_ other: JSONValue) -> RequestParameters {
        RequestParameters(Self.merge(root, other))
    }

    private static func merge(_ base: JSONValue, _ other: JSONValue) -> JSONValue {
        guard case .object(var members) = base, case .object(let overrides) = other else { return other }
        for (key, value) in overrides {
            members[key] = members[key].map { merge($0, value) } ?? value
        }
        return .object(members)
    }
}
