public import Diagnostics
public import Expressions
public import JSONValues
public import OrderedCollections

/// A YAML value whose strings may hold `${{ }}` expressions: a request body, a query, the `set:` of an `ensure`.
public indirect enum ValueTemplate: Sendable, Hashable {
    /// A value with no expression in it.
    case literal(JSONValue)
    /// A string with expressions.
    case template(Template)
    /// A sequence whose elements may hold expressions.
    case array([ValueTemplate])
    /// A mapping whose values may hold expressions.
    case object(OrderedDictionary<String, ValueTemplate>)

    /// Every expression path the value uses.
    public var references: [Reference] {
        switch self {
        case .literal: []
        case .template(let template): template.references
        case .array(let elements): elements.flatMap(\.references)
        case .object(let members): members.values.flatMap(\.references)
        }
    }

    /// Every template inside the value, in document order.
    public var templates: [Template] {
        switch self {
        case .literal: []
        case .template(let template): [template]
        case .array(let elements): elements.flatMap(\.templates)
        case .object(let members): members.values.flatMap(\.templates)
        }
    }

    /// The value with its expressions evaluated in `scope`.
    public func evaluate(in scope: EvaluationScope) throws(EvaluationError) -> JSONValue {
        switch self {
        case .literal(let value): return value
        case .template(let template): return try template.evaluate(in: scope)
        case .array(let elements):
            var values: [JSONValue] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try element.evaluate(in: scope)) }
            return .array(values)
        case .object(let members):
            var values = OrderedDictionary<String, JSONValue>()
            values.reserveCapacity(members.count)
            for (key, member) in members { values[key] = try member.evaluate(in: scope) }
            return .object(values)
        }
    }

    /// The members, if this is a mapping.
    public var objectMembers: OrderedDictionary<String, ValueTemplate>? {
        if case .object(let members) = self { return members }
        return nil
    }
}
