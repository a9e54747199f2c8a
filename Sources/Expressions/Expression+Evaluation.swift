import Diagnostics
public import JSONValues
import OrderedCollections

extension Expression {
    /// Evaluates the expression; a value that reads an unknown is an unknown with the same reason.
    public func evaluate(in scope: EvaluationScope) throws(EvaluationError) -> JSONValue {
        switch self {
        case .literal(let value, _):
            return value
        case .root(let name, let range):
            if let value = scope.roots[name] { return value }
            throw Self.undefinedRoot(name, in: scope, at: range)
        case .member(let base, let name, let range):
            let container = try base.evaluate(in: scope)
            return try Self.member(name, of: container, base: base, at: range)
        case .index(let base, let indexExpression, let range):
            let container = try base.evaluate(in: scope)
            if container.isUnknown { return container }
            let index = try indexExpression.evaluate(in: scope)
            if index.isUnknown { return index }
            return try Self.element(at: index, of: container, base: base, indexRange: indexExpression.range, at: range)
        case .not(let operand, _):
            let value = try operand.evaluate(in: scope)
            if value.isUnknown { return value }
            return .bool(!value.isTruthy)
        case .binary(let op, let left, let right, let range):
            return try Self.evaluateBinary(op, left, right, in: scope, at: range)
        case .call(let name, let arguments, let range):
            guard let function = BuiltinFunction(rawValue: name) else {
                throw EvaluationError(.unknownFunction(name), at: range)
            }
            var values: [JSONValue] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.evaluate(in: scope)) }
            return try function.apply(to: values, arguments: arguments, at: range)
        case .invalid(let range):
            throw EvaluationError(.syntaxError, at: range)
        }
    }

    private static func undefinedRoot(_ name: String, in scope: EvaluationScope, at range: SourceRange?)
        -> EvaluationError
    {
        if name == "item" {
            return EvaluationError(.itemOutsideForEach, at: range)
        }
        if EvaluationScope.rootNames.contains(name) {
            return EvaluationError(.rootNotAvailable(name), at: range)
        }
        let suggested = suggestion(for: name, among: EvaluationScope.rootNames)
        return EvaluationError(.unknownName(name, suggestion: suggested), at: range)
    }

    /// Whether a missing member of this container is a mistake rather than absent data: the declared tables
    /// `vars`, `inputs`, `steps`, `env`, and a step's own fields (`steps.<id>.output`, `.items`, …).
    private var hasDeclaredMembers: Bool {
        switch self {
        case .root(let name, _): EvaluationScope.declaredRoots.contains(name)
        case .member(.root("steps", _), _, _): true
        default: false
        }
    }

    private static func member(_ name: String, of container: JSONValue, base: Expression, at range: SourceRange?)
        throws(EvaluationError) -> JSONValue
    {
        if container.isUnknown { return container }
        switch container {
        case .object(let members):
            if let value = members[name] { return value }
            guard base.hasDeclaredMembers else { return .null }
            let suggested = suggestion(for: name, among: members.keys)
            throw EvaluationError(.noSuchMember(base: base, name: name, suggestion: suggested), at: range)
        case .null:
            return .null
        case .array(let elements):
            // `a['1']` parses as a member, but on an array a number can only mean an index.
            if let position = JSONValue.number(spelledBy: name)?.intValue {
                return elements.indices.contains(position) ? elements[position] : .null
            }
            throw EvaluationError(.memberOfArray(base: base, name: name), at: range)
        default:
            throw EvaluationError(.memberOfScalar(base: base, typeName: container.typeName, name: name), at: range)
        }
    }

    private static func element(
        at index: JSONValue,
        of container: JSONValue,
        base: Expression,
        indexRange: SourceRange?,
        at range: SourceRange?
    ) throws(EvaluationError) -> JSONValue {
        switch (container, index) {
        case (.null, _):
            return .null
        case (.object, .string(let name)):
            return try member(name, of: container, base: base, at: range)
        case (.array(let elements), _):
            let position: Int?
            switch index {
            case .int, .double: position = index.intValue
            case .string(let text): position = JSONValue.number(spelledBy: text)?.intValue
            default: position = nil
            }
            guard let position else {
                throw EvaluationError(.arrayIndexNotWhole(index), at: indexRange)
            }
            return elements.indices.contains(position) ? elements[position] : .null
        case (.object, _):
            throw EvaluationError(.objectIndexNotString(index), at: indexRange)
        default:
            throw EvaluationError(.notIndexable(base: base, typeName: container.typeName), at: range)
        }
    }

    /// A value as an error message shows it: its type, and its text when short.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .string(let text) where text.count <= 40: "string '\(quoted(text))'"
        case .int, .double: "number \(value.serialized())"
        case .bool(let flag): "boolean \(flag)"
        default: value.typeName
        }
    }

    private static func evaluateBinary(
        _ op: BinaryOperator,
        _ leftExpression: Expression,
        _ rightExpression: Expression,
        in scope: EvaluationScope,
        at range: SourceRange?
    ) throws(EvaluationError) -> JSONValue {
        let left = try leftExpression.evaluate(in: scope)
        switch op {
        case .and:
            if left.isUnknown || !left.isTruthy { return left }
            return try rightExpression.evaluate(in: scope)
        case .or:
            if left.isUnknown || left.isTruthy { return left }
            return try rightExpression.evaluate(in: scope)
        default:
            break
        }
        let right = try rightExpression.evaluate(in: scope)
        if let reason = left.unknownReason(deep: true) ?? right.unknownReason(deep: true) { return .unknown(reason) }
        return .bool(try compare(left, right, with: op, at: range))
    }

    /// Applies a comparison operator to two known values.
    static func compare(_ left: JSONValue, _ right: JSONValue, with op: BinaryOperator, at range: SourceRange?)
        throws(EvaluationError) -> Bool
    {
        switch op {
        case .equal: return left.looselyEquals(right)
        case .notEqual: return !left.looselyEquals(right)
        default: break
        }
        guard let outcome = left.orderedAscending(comparedTo: right) else {
            throw EvaluationError(.cannotCompare(left, right, op), at: range)
        }
        switch op {
        case .less: return outcome == .ascending
        case .lessOrEqual: return outcome != .descending
        case .greater: return outcome == .descending
        case .greaterOrEqual: return outcome != .ascending
        default: return false
        }
    }
}
