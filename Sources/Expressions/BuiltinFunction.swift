import Diagnostics

/// A function expressions can call; names are case-sensitive.
enum BuiltinFunction: String, Sendable, CaseIterable {
    case format, join, lower, upper, trim, contains, startsWith, endsWith, toJSON, fromJSON
    case `default`, length, split, replace, coalesce
    case uniqueBy = "unique_by"
    case indexBy = "index_by"
    case groupBy = "group_by"
    case `where`
    case mapField = "map_field"

    /// The fewest arguments the function takes.
    var minimumArguments: Int {
        switch self {
        case .join, .lower, .upper, .trim, .toJSON, .fromJSON, .length, .format: 1
        case .contains, .startsWith, .endsWith, .default, .split: 2
        case .uniqueBy, .indexBy, .groupBy, .mapField: 2
        case .replace, .where: 3
        case .coalesce: 1
        }
    }

    /// The most arguments the function takes; nil when it takes any number.
    var maximumArguments: Int? {
        switch self {
        case .format, .coalesce: nil
        default: parameters.count
        }
    }

    /// The kinds each argument may be; the last entry repeats for functions with any number of arguments.
    var parameters: [ValueKinds] {
        switch self {
        case .format: [.string, .any]
        case .join: [[.array, .string, .null], .string]
        case .lower, .upper, .trim, .fromJSON: [.string]
        case .contains: [[.string, .array, .null], .any]
        case .startsWith, .endsWith: [[.string, .null], .scalar]
        case .toJSON: [.any]
        case .default: [.any, .any]
        case .length: [[.string, .array, .object]]
        case .split: [.string, .string]
        case .replace: [.string, .string, .string]
        case .coalesce: [.any]
        case .uniqueBy, .indexBy, .groupBy, .mapField: [.array, .string]
        case .where: [.array, .string, .any]
        }
    }

    /// The kinds the argument at `position` may be.
    func kinds(at position: Int) -> ValueKinds {
        position < parameters.count ? parameters[position] : parameters.last ?? .any
    }

    /// How the function is called, for messages: `replace(s, old, new)`.
    var signature: String {
        switch self {
        case .format: "format(text, values…)"
        case .join: "join(array, separator)"
        case .lower, .upper, .trim: "\(rawValue)(text)"
        case .contains: "contains(textOrArray, value)"
        case .startsWith, .endsWith: "\(rawValue)(text, value)"
        case .toJSON: "toJSON(value)"
        case .fromJSON: "fromJSON(text)"
        case .default: "default(value, fallback)"
        case .length: "length(value)"
        case .split: "split(text, separator)"
        case .replace: "replace(text, old, new)"
        case .coalesce: "coalesce(values…)"
        case .uniqueBy, .indexBy, .groupBy, .mapField: "\(rawValue)(list, 'field')"
        case .where: "where(list, 'field', value)"
        }
    }

    /// The message for a call to a function that does not exist.
    static func unknownFunctionMessage(_ name: String) -> String {
        var message = "unknown function '\(name)'"
        if let suggestion = suggestedName(for: name) { message += "; did you mean '\(suggestion)'?" }
        return message
    }

    /// The function name closest to a misspelt one.
    static func suggestedName(for name: String) -> String? {
        suggestion(for: name, among: allCases.map(\.rawValue))
    }

    /// The message for a call with the wrong number of arguments, or nil when the count is right.
    func argumentCountMessage(_ count: Int) -> String? {
        if count >= minimumArguments, maximumArguments.map({ count <= $0 }) ?? true { return nil }
        let expected: String
        if let maximum = maximumArguments {
            expected =
                minimumArguments == maximum
                ? Self.count(maximum) : "\(minimumArguments) to \(maximum) arguments"
        } else {
            expected = "at least \(Self.count(minimumArguments))"
        }
        return "\(rawValue)() takes \(expected), got \(count); call it as \(signature)"
    }

    private static func count(_ number: Int) -> String {
        number == 1 ? "1 argument" : "\(number) arguments"
    }

    /// The message for an argument of the wrong kind.
    func argumentKindMessage(position: Int, count: Int, got kind: String) -> String {
        let ordinals = ["first", "second", "third"]
        let which =
            maximumArguments == 1 || (count == 1 && minimumArguments == 1)
            ? "" : " as its \(position < ordinals.count ? ordinals[position] : "\(position + 1)th") argument"
        return "\(rawValue)() expects \(kinds(at: position).phrase)\(which), got \(kind)"
    }
}
