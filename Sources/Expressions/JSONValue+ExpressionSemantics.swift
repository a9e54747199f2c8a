import JSONValues
import OrderedCollections

extension JSONValue {
    /// Whether the value counts as true in `&&`, `||`, `!` and `when:`: everything but null, false, 0 and ''.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .int(let value): value != 0
        case .double(let value): value != 0 && !value.isNaN
        case .string(let value): !value.isEmpty
        case .array, .object, .unknown: true
        }
    }

    /// Whether the value is null or the empty string, which `default` and `coalesce` replace.
    var isEmptyValue: Bool {
        switch self {
        case .null: true
        case .string(let value): value.isEmpty
        default: false
        }
    }

    /// The reason of the first unknown in this value, looking inside arrays and objects when `deep`.
    func unknownReason(deep: Bool) -> String? {
        if let reason = unknownReason { return reason }
        guard deep else { return nil }
        switch self {
        case .array(let elements):
            for element in elements {
                if let reason = element.unknownReason(deep: true) { return reason }
            }
            return nil
        case .object(let members):
            for value in members.values {
                if let reason = value.unknownReason(deep: true) { return reason }
            }
            return nil
        default:
            return nil
        }
    }

    /// The number a string spells (`"3"`, `" -2.5 "`, `"1e3"`), or nil; CSV cells are strings, and comparing
    /// them with numbers should work as a reader expects.
    static func number(spelledBy text: String) -> JSONValue? {
        let trimmed = text.trimmingWhitespace()
        guard Self.isNumberSpelling(trimmed.unicodeScalars) else { return nil }
        let body = trimmed.first == "+" ? String(trimmed.dropFirst()) : trimmed
        if let integer = Int(body) { return .int(integer) }
        return Double(body).map(JSONValue.double)
    }

    private static func isNumberSpelling(_ scalars: String.UnicodeScalarView) -> Bool {
        var iterator = scalars.makeIterator()
        var scalar = iterator.next()
        if scalar == "+" || scalar == "-" { scalar = iterator.next() }
        var integerDigits = 0
        while let digit = scalar, ("0"..."9").contains(digit) {
            integerDigits += 1
            scalar = iterator.next()
        }
        var fractionDigits = 0
        if scalar == "." {
            scalar = iterator.next()
            while let digit = scalar, ("0"..."9").contains(digit) {
                fractionDigits += 1
                scalar = iterator.next()
            }
        }
        guard integerDigits + fractionDigits > 0 else { return false }
        if scalar == "e" || scalar == "E" {
            scalar = iterator.next()
            if scalar == "+" || scalar == "-" { scalar = iterator.next() }
            var exponentDigits = 0
            while let digit = scalar, ("0"..."9").contains(digit) {
                exponentDigits += 1
                scalar = iterator.next()
            }
            guard exponentDigits > 0 else { return false }
        }
        return scalar == nil
    }

    /// Whether two values are equal as `==` sees them: deep, with numbers compared by value, and a string that
    /// spells a number equal to that number.
    func looselyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let left), .bool(let right)): return left == right
        case (.int(let left), .int(let right)): return left == right
        case (.int, .double), (.double, .int), (.double, .double):
            return doubleValue == other.doubleValue
        case (.string(let left), .string(let right)): return left == right
        case (.string(let text), .int), (.string(let text), .double):
            return Self.number(spelledBy: text)?.looselyEquals(other) ?? false
        case (.int, .string(let text)), (.double, .string(let text)):
            return Self.number(spelledBy: text)?.looselyEquals(self) ?? false
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.looselyEquals($1) }
        case (.object(let left), .object(let right)):
            guard left.count == right.count else { return false }
            for (key, value) in left {
                guard let counterpart = right[key], value.looselyEquals(counterpart) else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// Orders two values for `<`, `<=`, `>`, `>=`: numbers (or numeric strings against numbers) by value, strings
    /// lexicographically; nil when the pair cannot be ordered.
    func orderedAscending(comparedTo other: JSONValue) -> ComparisonOutcome? {
        switch (self, other) {
        case (.int(let left), .int(let right)):
            return ComparisonOutcome(left, right)
        case (.int, .double), (.double, .int), (.double, .double):
            guard let left = doubleValue, let right = other.doubleValue, !left.isNaN, !right.isNaN else { return nil }
            return ComparisonOutcome(left, right)
        case (.string(let left), .string(let right)):
            return ComparisonOutcome(left, right)
        case (.string(let text), .int), (.string(let text), .double):
            return Self.number(spelledBy: text)?.orderedAscending(comparedTo: other)
        case (.int, .string(let text)), (.double, .string(let text)):
            return Self.number(spelledBy: text).flatMap { orderedAscending(comparedTo: $0) }
        default:
            return nil
        }
    }
}

/// How two ordered values compare.
enum ComparisonOutcome: Sendable {
    case ascending, same, descending

    init<T: Comparable>(_ left: T, _ right: T) {
        self = left < right ? .ascending : left == right ? .same : .descending
    }
}

extension String {
    /// The string without leading and trailing whitespace and line breaks.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
