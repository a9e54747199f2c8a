import JSONValues

/// One token of an expression, with its span as scalar offsets into the template's text.
struct Token: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        case identifier(String)
        case number(JSONValue)
        case string(String)
        case leftParen, rightParen, leftBracket, rightBracket, dot, comma, bang
        case binary(BinaryOperator)
        /// The `}}` that ends the expression, or the end of the text when it is missing.
        case end
    }

    var kind: Kind
    /// The offset of the first scalar.
    var lower: Int
    /// The offset just after the last scalar.
    var upper: Int

    /// How an error message quotes the token.
    var quoted: String {
        switch kind {
        case .identifier(let name): "'\(name)'"
        case .number(let value): "number \(value.serialized())"
        case .string(let text): "string '\(Expression.quoted(text))'"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .dot: "'.'"
        case .comma: "','"
        case .bang: "'!'"
        case .binary(let op): "'\(op.rawValue)'"
        case .end: "'}}'"
        }
    }
}
