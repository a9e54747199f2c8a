public import JSONValues

/// Why an expression could not be evaluated, as data: each case carries what its message names, and
/// ``description`` gives the words a Canvas admin reads.
public enum EvaluationProblem: Sendable, Hashable, CustomStringConvertible {
    /// A call to a function that does not exist.
    case unknownFunction(String)
    /// The expression did not parse.
    case syntaxError
    /// `item` outside a step with `for_each`.
    case itemOutsideForEach
    /// A root name (`steps`, `env`…) this expression cannot read.
    case rootNotAvailable(String)
    /// A name that is no root, with the closest root name when one is close.
    case unknownName(String, suggestion: String?)
    /// A member a declared table (`vars`, `steps.<id>`…) does not have, with the closest member when one is close.
    case noSuchMember(base: Expression, name: String, suggestion: String?)
    /// A member of an array, named by something other than a number.
    case memberOfArray(base: Expression, name: String)
    /// A member of a value that has none (a string, a number, a boolean), of the type `typeName`.
    case memberOfScalar(base: Expression, typeName: String, name: String)
    /// An array indexed by something other than a whole number.
    case arrayIndexNotWhole(JSONValue)
    /// An object indexed by something other than a string.
    case objectIndexNotString(JSONValue)
    /// An index into a value that cannot be indexed, of the type `typeName`.
    case notIndexable(base: Expression, typeName: String)
    /// An ordering comparison (`<`, `>=`…) of values that cannot be ordered.
    case cannotCompare(JSONValue, JSONValue, BinaryOperator)
    /// A function called with `given` arguments, a count it does not take.
    case argumentCount(function: String, given: Int)
    /// A function's argument at `position` (from 0) of `count` is of the kind `got`, which it does not take.
    case argumentKind(function: String, position: Int, count: Int, got: String)
    /// `format()`'s text is malformed, as `reason` says.
    case malformedFormat(reason: String)
    /// `format()`'s text uses the placeholder `{placeholder}` and is given `given` values.
    case formatNeedsMoreValues(placeholder: Int, given: Int)
    /// `contains()` on a string, looking for a value of the type `typeName`.
    case containsNeedsScalar(typeName: String)
    /// `fromJSON()`'s argument is not JSON.
    case notJSON(JSONParsingError)
    /// A list-shaping function (`unique_by`…) given an empty field name.
    case emptyFieldName(function: String)
    /// A list-shaping function's list whose element at `position` (from 0) is of the type `typeName`, not an object.
    case notAnObject(function: String, position: Int, typeName: String)
    /// `index_by()` found `key` as the `field` of the elements at `first` and `second` (from 0).
    case duplicateIndexKey(key: String, field: String, first: Int, second: Int)

    public var description: String {
        switch self {
        case .unknownFunction(let name): BuiltinFunction.unknownFunctionMessage(name)
        case .syntaxError: "this expression has a syntax error"
        case .itemOutsideForEach: "'item' is only available in a step with 'for_each'"
        case .rootNotAvailable(let name): "'\(name)' is not available here"
        case .unknownName(let name, let suggestion): "unknown name '\(name)'" + Self.didYouMean(suggestion)
        case .noSuchMember(let base, let name, let suggestion):
            "'\(base)' has no member '\(name)'" + Self.didYouMean(suggestion)
        case .memberOfArray(let base, let name):
            "'\(base)' is an array and has no member '\(name)'; use an index such as [0]"
        case .memberOfScalar(let base, let typeName, let name): "'\(base)' is a \(typeName) and has no member '\(name)'"
        case .arrayIndexNotWhole(let index): "an array index must be a whole number, got \(Expression.describe(index))"
        case .objectIndexNotString(let index): "an object is indexed by a string key, got \(Expression.describe(index))"
        case .notIndexable(let base, let typeName): "'\(base)' is a \(typeName) and cannot be indexed"
        case .cannotCompare(let left, let right, let op): Self.comparisonSentence(left, right, op)
        case .argumentCount(let function, let given):
            BuiltinFunction(rawValue: function)?.argumentCountMessage(given) ?? ""
        case .argumentKind(let function, let position, let count, let got):
            BuiltinFunction(rawValue: function)?.argumentKindMessage(position: position, count: count, got: got) ?? ""
        case .malformedFormat(let reason): reason
        case .formatNeedsMoreValues(let placeholder, let given):
            FormatString.argumentCountMessage(highest: placeholder, given: given)
        case .containsNeedsScalar(let typeName):
            "contains() looks for a string, number or boolean in a string, got \(typeName)"
        case .notJSON(let error): "fromJSON() could not read its argument: \(error)"
        case .emptyFieldName(let function): "\(function)() needs a field name, got an empty string"
        case .notAnObject(let function, let position, let typeName):
            "\(function)() expects a list of objects, but element \(position + 1) is \(typeName)"
        case .duplicateIndexKey(let key, let field, let first, let second):
            "index_by() found '\(key)' as the \(field) of elements \(first + 1) and \(second + 1); a lookup needs "
                + "one element per value: use group_by() for several, or unique_by() first to keep the first"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }

    private static func comparisonSentence(_ left: JSONValue, _ right: JSONValue, _ op: BinaryOperator) -> String {
        var sentence = "cannot compare \(left.typeName) and \(right.typeName) with '\(op.rawValue)'"
        if case .string(let text) = left, right.doubleValue != nil {
            sentence += " (\(Expression.describe(.string(text))) is not a number)"
        } else if case .string(let text) = right, left.doubleValue != nil {
            sentence += " (\(Expression.describe(.string(text))) is not a number)"
        }
        return sentence
    }
}
