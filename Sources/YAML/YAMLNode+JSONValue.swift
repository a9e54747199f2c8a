public import JSONValues
import OrderedCollections

extension YAMLNode {
    /// The node as JSON: scalars typed by the YAML 1.2 core schema, sequences as arrays, mappings as objects in
    /// document order.
    ///
    /// A scalar whose tag does not fit its text becomes its text; a key that is not a scalar becomes its flow-style
    /// text, such as `[a, b]`.
    public func toJSONValue() -> JSONValue {
        switch kind {
        case .scalar(let scalar):
            switch YAMLScalarValue(resolving: scalar) {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .int(let value): return .int(value)
            case .double(let value): return .double(value)
            case .string(let value): return .string(value)
            case nil: return .string(scalar.text)
            }
        case .sequence(let elements):
            return .array(elements.map { $0.toJSONValue() })
        case .mapping(let pairs):
            var members = OrderedDictionary<String, JSONValue>(minimumCapacity: pairs.count)
            for pair in pairs {
                members[pair.key.keyText] = pair.value.toJSONValue()
            }
            return .object(members)
        }
    }

    /// The text a key stands for: a scalar's text, or a collection's flow-style text.
    var keyText: String {
        switch kind {
        case .scalar(let scalar):
            return scalar.text
        case .sequence(let elements):
            return "[" + elements.map(\.keyText).joined(separator: ", ") + "]"
        case .mapping(let pairs):
            return "{" + pairs.map { $0.key.keyText + ": " + $0.value.keyText }.joined(separator: ", ") + "}"
        }
    }
}
