import Diagnostics
import JSONValues
import OrderedCollections

extension BuiltinFunction {
    /// Whether an unknown anywhere inside an argument (not only the argument itself) makes the result unknown.
    private var readsWholeValues: Bool {
        switch self {
        case .format, .join, .contains, .toJSON, .uniqueBy, .indexBy, .groupBy, .where, .mapField: true
        default: false
        }
    }

    /// Calls the function on evaluated arguments; `arguments` are the expressions, for error positions.
    func apply(to values: [JSONValue], arguments: [Expression], at range: SourceRange?) throws(EvaluationError)
        -> JSONValue
    {
        if argumentCountMessage(values.count) != nil {
            throw EvaluationError(.argumentCount(function: rawValue, given: values.count), at: range)
        }
        switch self {
        case .default:
            if values[0].isUnknown || !values[0].isEmptyValue { return values[0] }
            return values[1]
        case .coalesce:
            for value in values where value.isUnknown || !value.isEmptyValue { return value }
            return .null
        default:
            break
        }
        for value in values {
            if let reason = value.unknownReason(deep: readsWholeValues) { return .unknown(reason) }
        }
        for (position, value) in values.enumerated() where !kinds(at: position).contains(ValueKinds(of: value)) {
            let problem = EvaluationProblem.argumentKind(
                function: rawValue, position: position, count: values.count, got: value.typeName)
            throw EvaluationError(problem, at: arguments.indices.contains(position) ? arguments[position].range : range)
        }
        return try compute(values, arguments: arguments, at: range)
    }

    private func compute(_ values: [JSONValue], arguments: [Expression], at range: SourceRange?)
        throws(EvaluationError) -> JSONValue
    {
        let text = values.first?.stringValue ?? ""
        switch self {
        case .format:
            let format: FormatString
            do {
                format = try FormatString(parsing: text)
            } catch {
                throw EvaluationError(.malformedFormat(reason: error.message), at: arguments.first?.range ?? range)
            }
            if let placeholder = format.highestArgument, format.argumentCountMessage(given: values.count - 1) != nil {
                throw EvaluationError(
                    .formatNeedsMoreValues(placeholder: placeholder, given: values.count - 1), at: range)
            }
            return .string(format.render(Array(values.dropFirst())))
        case .join:
            let separator = values.count > 1 ? values[1].stringValue ?? "," : ","
            switch values[0] {
            case .array(let elements): return .string(elements.map(\.interpolated).joined(separator: separator))
            case .null: return ""
            default: return values[0]
            }
        case .lower: return .string(text.lowercased())
        case .upper: return .string(text.uppercased())
        case .trim: return .string(text.trimmingWhitespace())
        case .contains:
            switch values[0] {
            case .array(let elements): return .bool(elements.contains { $0.looselyEquals(values[1]) })
            case .string(let haystack):
                guard ValueKinds.scalar.contains(ValueKinds(of: values[1])) else {
                    throw EvaluationError(.containsNeedsScalar(typeName: values[1].typeName), at: arguments[1].range)
                }
                return .bool(haystack.contains(values[1].interpolated) || values[1].interpolated.isEmpty)
            default: return false
            }
        case .startsWith:
            guard case .string(let haystack) = values[0] else { return false }
            return .bool(haystack.hasPrefix(values[1].interpolated))
        case .endsWith:
            guard case .string(let haystack) = values[0] else { return false }
            return .bool(haystack.hasSuffix(values[1].interpolated))
        case .toJSON:
            return .string(values[0].serialized())
        case .fromJSON:
            do {
                return try JSONValue(parsing: text)
            } catch {
                throw EvaluationError(.notJSON(error), at: arguments[0].range)
            }
        case .length:
            switch values[0] {
            case .string(let value): return .int(value.count)
            case .array(let elements): return .int(elements.count)
            case .object(let members): return .int(members.count)
            default: return .int(0)
            }
        case .split:
            let separator = values[1].stringValue ?? ""
            if separator.isEmpty { return .array(text.map { .string(String($0)) }) }
            return .array(
                text.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
        case .replace:
            let old = values[1].stringValue ?? ""
            guard !old.isEmpty else { return values[0] }
            return .string(text.replacing(old, with: values[2].stringValue ?? ""))
        case .default, .coalesce:
            return values[0]
        case .uniqueBy, .indexBy, .groupBy, .where, .mapField:
            return try shape(values, arguments: arguments, at: range)
        }
    }
}
