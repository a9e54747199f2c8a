public import Diagnostics

/// A YAML string value that may hold `${{ … }}` expressions, parsed once and evaluated many times.
///
/// A value that is exactly one expression keeps the expression's type (an object stays an object); any other
/// value is a string, with each expression's value interpolated. `$${{` stands for a literal `${{`.
public struct Template: Sendable, Hashable {
    /// A run of literal text or one expression.
    public enum Part: Sendable, Hashable {
        /// Text taken as it is (with `$${{` already turned into `${{`).
        case literal(String)
        /// One `${{ … }}`.
        case expression(Expression)
    }

    /// The parts, in order; adjacent literals are merged.
    public var parts: [Part]
    /// Where the YAML scalar is in the job file.
    public var range: SourceRange?

    /// Creates a template from its parts.
    public init(parts: [Part], range: SourceRange? = nil) {
        self.parts = parts
        self.range = range
    }

    /// A template with no expressions.
    public static func literal(_ text: String, range: SourceRange? = nil) -> Template {
        Template(parts: text.isEmpty ? [] : [.literal(text)], range: range)
    }

    /// Whether the value is exactly one expression, with nothing but whitespace around it.
    public var isWholeExpression: Bool { wholeExpression != nil }

    /// The expression of a whole-expression value.
    public var wholeExpression: Expression? {
        var found: Expression?
        for part in parts {
            switch part {
            case .literal(let text):
                guard text.allSatisfy(\.isWhitespace) else { return nil }
            case .expression(let expression):
                guard found == nil else { return nil }
                found = expression
            }
        }
        return found
    }

    /// Whether the value has no expressions.
    public var isLiteral: Bool {
        !parts.contains { if case .expression = $0 { true } else { false } }
    }

    /// The text of a value with no expressions, or nil.
    public var literalText: String? {
        guard isLiteral else { return nil }
        return parts.map { if case .literal(let text) = $0 { text } else { "" } }.joined()
    }

    /// Every expression, in order.
    public var expressions: [Expression] {
        parts.compactMap { if case .expression(let expression) = $0 { expression } else { nil } }
    }

    /// Every path the expressions read, in source order, with their ranges.
    public var references: [Reference] {
        var references: [Reference] = []
        for expression in expressions { expression.collectReferences(into: &references) }
        return references
    }
}

extension Template: CustomStringConvertible {
    /// The value written back in canonical form, with `${{` in literal text escaped.
    public var description: String {
        parts.map { part in
            switch part {
            case .literal(let text): text.replacing("${{", with: "$${{")
            case .expression(let expression): "${{ \(expression) }}"
            }
        }.joined()
    }
}
