import Diagnostics
import JSONValues
import OrderedCollections

/// The functions that shape lists of objects, such as the rows of a CSV: `unique_by`, `index_by`, `group_by`,
/// `where` and `map_field`. A field is a member name, or a dotted path into nested objects (`course.sis_id`).
extension BuiltinFunction {
    func shape(_ values: [JSONValue], arguments: [Expression], at range: SourceRange?) throws(EvaluationError)
        -> JSONValue
    {
        let elements = values[0].arrayValue ?? []
        let field = values[1].stringValue ?? ""
        let fieldRange = arguments.indices.contains(1) ? arguments[1].range : range
        guard !field.isEmpty else {
            throw EvaluationError(.emptyFieldName(function: rawValue), at: fieldRange)
        }
        let path = field.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var fieldValues: [JSONValue] = []
        fieldValues.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .object = element else {
                throw EvaluationError(
                    .notAnObject(function: rawValue, position: position, typeName: element.typeName),
                    at: arguments.first?.range ?? range)
            }
            fieldValues.append(path.reduce(element as JSONValue?) { value, name in value?[name] } ?? .null)
        }
        switch self {
        case .mapField:
            return .array(fieldValues)
        case .where:
            return .array(zip(elements, fieldValues).filter { $0.1.looselyEquals(values[2]) }.map(\.0))
        case .uniqueBy:
            var seen = Set<String>()
            return .array(zip(elements, fieldValues).filter { seen.insert(Self.groupKey($0.1)).inserted }.map(\.0))
        case .groupBy:
            var groups = OrderedDictionary<String, JSONValue>()
            for (element, value) in zip(elements, fieldValues) {
                let key = Self.groupKey(value)
                groups[key] = .array((groups[key]?.arrayValue ?? []) + [element])
            }
            return .object(groups)
        default:
            var index = OrderedDictionary<String, JSONValue>()
            var positions: [String: Int] = [:]
            for (position, (element, value)) in zip(elements, fieldValues).enumerated() {
                let key = Self.groupKey(value)
                if let first = positions[key] {
                    // A lookup table with two rows for one key would silently answer with one of them.
                    throw EvaluationError(
                        .duplicateIndexKey(key: key, field: field, first: first, second: position), at: range)
                }
                positions[key] = position
                index[key] = element
            }
            return .object(index)
        }
    }

    /// The text a field value is grouped under: the value as it would be interpolated (`null` as an empty key).
    private static func groupKey(_ value: JSONValue) -> String {
        value.isNull ? "" : value.interpolated
    }
}
