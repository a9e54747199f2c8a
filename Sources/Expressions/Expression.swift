public import Diagnostics
public import JSONValues

/// The syntax tree of one `${{ … }}` expression; every node carries where it is in the job file.
public indirect enum Expression: Sendable, Hashable {
    /// A string, number, boolean or null literal.
    case literal(JSONValue, SourceRange?)
    /// A root name: `vars`, `inputs`, `item`, `steps`, `env` (or an unknown name, which `check` reports).
    case root(String, SourceRange?)
    /// Member access, `base.name` or `base['name']`.
    case member(Expression, String, SourceRange?)
    /// Indexing with a computed or numeric index, `base[index]`.
    case index(Expression, Expression, SourceRange?)
    /// Logical negation, `!operand`.
    case not(Expression, SourceRange?)
    /// A binary operation.
    case binary(BinaryOperator, Expression, Expression, SourceRange?)
    /// A function call, `name(arguments…)`.
    case call(String, [Expression], SourceRange?)
    /// An expression with a syntax error, already reported when parsing; evaluating it is an error.
    case invalid(SourceRange?)

    /// Where the node is in the job file.
    public var range: SourceRange? {
        switch self {
        case .literal(_, let range), .root(_, let range), .member(_, _, let range), .index(_, _, let range),
            .not(_, let range), .binary(_, _, _, let range), .call(_, _, let range), .invalid(let range):
            range
        }
    }

    /// Whether the node is a literal.
    var literalValue: JSONValue? {
        if case .literal(let value, _) = self { return value }
        return nil
    }

    /// Whether `name` can be written after a dot.
    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, Lexer.isIdentifierStart(first) else { return false }
        return name.unicodeScalars.allSatisfy(Lexer.isIdentifierContinuation)
    }

    /// A string's text with single quotes doubled, as a string literal spells it.
    static func quoted(_ text: String) -> String {
        text.replacing("'", with: "''")
    }
}

extension Expression: CustomStringConvertible {
    /// The expression in canonical form, with every binary operation in parentheses: `(a || (b && c))`.
    public var description: String {
        switch self {
        case .literal(let value, _):
            if case .string(let text) = value { return "'\(Self.quoted(text))'" }
            return value.serialized()
        case .root(let name, _): return name
        case .member(let base, let name, _): return base.description + PathComponent.member(name).description
        case .index(let base, let index, _): return "\(base)[\(index)]"
        case .not(let operand, _): return "!\(operand)"
        case .binary(let op, let left, let right, _): return "(\(left) \(op.rawValue) \(right))"
        case .call(let name, let arguments, _):
            return "\(name)(\(arguments.map(\.description).joined(separator: ", ")))"
        case .invalid: return "<invalid>"
        }
    }
}
