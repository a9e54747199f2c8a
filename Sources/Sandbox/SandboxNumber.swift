import JSONValues
import OrderedCollections

/// Numbers from requests, read as Canvas reads them but without trapping: a value no column could hold
/// (`1e300`, a 40-digit integer, `NaN`) is a 400 with a validation error, as Canvas answers.
enum SandboxNumber {
    /// The largest request cost the control surface accepts.
    static let largestCost = 1_000_000.0

    /// The largest integer Canvas's 8-byte integer columns hold, as a `Double` bound.
    private static let integerBound = 9_223_372_036_854_775_807.0

    /// `value` as an integer when it is a whole number an `Int` can hold.
    static func integer(_ value: Double) -> Int? {
        guard value.isFinite, value == value.rounded(), abs(value) < integerBound else { return nil }
        return Int(value)
    }

    /// An integer field (`position`, `assignment_group_id`): null when absent or not a number, as Canvas's
    /// `to_i` leaves nothing to store; a 400 when it is a number too large to store.
    static func integerField(_ name: String, _ text: String?) throws(CanvasAPIError) -> JSONValue {
        guard let text = text?.trimmingCharacters(in: " ") else { return .null }
        if let value = Int(text) { return .int(value) }
        if isNumeral(text) { throw outOfRange(name) }
        return .null
    }

    /// A decimal field (`points_possible`, `group_weight`): whole numbers as integers, null when absent or not a
    /// number, a 400 when out of range.
    static func decimalField(_ name: String, _ text: String?) throws(CanvasAPIError) -> JSONValue {
        guard let text = text?.trimmingCharacters(in: " "), isNumeral(text), let value = Double(text) else {
            return .null
        }
        // Canvas stores these as decimal(8,2)-like floats: beyond a trillion is never a real score or weight.
        guard value.isFinite, abs(value) < 1e12 else { throw outOfRange(name) }
        return integer(value).map(JSONValue.int) ?? .double(value)
    }

    /// Whether a JSON value holds, at any depth, a number outside what Canvas's columns hold.
    static func holdsOutOfRange(in value: JSONValue, depth: Int = 0) -> Bool {
        guard depth < 512 else { return false }
        switch value {
        case .double(let number): return !number.isFinite || abs(number) >= integerBound
        case .array(let elements): return elements.contains { holdsOutOfRange(in: $0, depth: depth + 1) }
        case .object(let members): return members.values.contains { holdsOutOfRange(in: $0, depth: depth + 1) }
        default: return false
        }
    }

    /// Digits with an optional sign, point and exponent: what Ruby would read as a number.
    private static func isNumeral(_ text: String) -> Bool {
        !text.isEmpty && text.contains(where: \.isASCIIDigit)
            && text.allSatisfy { $0.isASCIIDigit || ".eE+-".contains($0) }
    }

    static func outOfRange(_ name: String) -> CanvasAPIError {
        .invalid(attributeErrors: [(name, "out_of_range", "\(name) is out of range")])
    }
}
