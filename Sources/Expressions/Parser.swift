import Diagnostics
import JSONValues

/// Builds the syntax tree of one expression from its tokens, by recursive descent over the precedence levels.
///
/// Nesting is bounded by ``maximumDepth``, both while parsing (parentheses, brackets, calls, `!`) and in the tree
/// it builds (long operator chains): evaluation and every walk of the tree recurse, and a deeper expression is a
/// positioned error rather than a stack overflow.
struct Parser {
    /// How deep an expression may nest.
    static let maximumDepth = 100

    /// The first syntax error of an expression.
    struct Failure: Error, Sendable {
        var message: String
        var lower: Int
        var upper: Int
        var notes: [(message: String, lower: Int, upper: Int)] = []
    }

    /// A node with its span as scalar offsets, which the map turns into file positions.
    private struct Parsed {
        var expression: Expression
        var lower: Int
        var upper: Int
        /// The depth of the tree under this node, itself included.
        var depth = 1
    }

    private let tokens: [Token]
    private let map: SourcePositionMap
    private var position = 0
    /// How many nested constructs the parser is inside.
    private var nesting = 0

    /// Creates a parser over tokens that end with `.end`.
    init(tokens: [Token], map: SourcePositionMap) {
        self.tokens = tokens
        self.map = map
    }

    /// Parses the whole expression, up to its `}}`.
    mutating func parseExpression() throws(Failure) -> Expression {
        let parsed = try parseBinary(minimumPrecedence: 1)
        if current.kind != .end {
            throw Failure(
                message: "unexpected \(current.quoted); expected an operator or '}}'",
                lower: current.lower,
                upper: current.upper
            )
        }
        return parsed.expression
    }

    private var current: Token { tokens[min(position, tokens.count - 1)] }

    private var previous: Token? { position > 0 ? tokens[position - 1] : nil }

    private mutating func advance() -> Token {
        let token = current
        position = min(position + 1, tokens.count - 1)
        return token
    }

    private func range(_ lower: Int, _ upper: Int) -> SourceRange? { map.range(lower, upper) }

    /// Enters one more level of nesting at `token`, or fails there when that is one too many.
    private mutating func enter(at token: Token) throws(Failure) {
        nesting += 1
        if nesting > Self.maximumDepth { throw tooDeep(token.lower, token.upper) }
    }

    /// `parsed`, when its tree is no deeper than allowed.
    private func checked(_ parsed: Parsed) throws(Failure) -> Parsed {
        if parsed.depth > Self.maximumDepth { throw tooDeep(parsed.lower, parsed.upper) }
        return parsed
    }

    private func tooDeep(_ lower: Int, _ upper: Int) -> Failure {
        Failure(
            message: "the expression nests more than \(Self.maximumDepth) levels deep; "
                + "split it into vars or earlier steps",
            lower: lower, upper: upper)
    }

    // Precedence climbing: every operator is left-associative, so the right side binds one level tighter.
    private mutating func parseBinary(minimumPrecedence: Int) throws(Failure) -> Parsed {
        var left = try parseUnary()
        while case .binary(let op) = current.kind, op.precedence >= minimumPrecedence {
            _ = advance()
            let right = try parseBinary(minimumPrecedence: op.precedence + 1)
            left = try checked(
                Parsed(
                    expression: .binary(op, left.expression, right.expression, range(left.lower, right.upper)),
                    lower: left.lower,
                    upper: right.upper,
                    depth: max(left.depth, right.depth) + 1
                ))
        }
        return left
    }

    private mutating func parseUnary() throws(Failure) -> Parsed {
        guard current.kind == .bang else { return try parsePostfix() }
        try enter(at: current)
        defer { nesting -= 1 }
        let bang = advance()
        let operand = try parseUnary()
        return try checked(
            Parsed(
                expression: .not(operand.expression, range(bang.lower, operand.upper)),
                lower: bang.lower,
                upper: operand.upper,
                depth: operand.depth + 1
            ))
    }

    private mutating func parsePostfix() throws(Failure) -> Parsed {
        var base = try parsePrimary()
        while true {
            switch current.kind {
            case .dot:
                _ = advance()
                guard case .identifier(let name) = current.kind else {
                    throw Failure(
                        message: "expected a member name after '.', found \(current.quoted)",
                        lower: current.lower,
                        upper: current.upper
                    )
                }
                let nameToken = advance()
                base = try checked(
                    Parsed(
                        expression: .member(base.expression, name, range(base.lower, nameToken.upper)),
                        lower: base.lower,
                        upper: nameToken.upper,
                        depth: base.depth + 1
                    ))
            case .leftBracket:
                try enter(at: current)
                defer { nesting -= 1 }
                let bracket = advance()
                let index = try parseBinary(minimumPrecedence: 1)
                guard current.kind == .rightBracket else {
                    throw Failure(
                        message: "expected ']' to close the index, found \(current.quoted)",
                        lower: current.lower,
                        upper: current.upper,
                        notes: [("'[' opened here", bracket.lower, bracket.upper)]
                    )
                }
                let close = advance()
                let nodeRange = range(base.lower, close.upper)
                // A quoted name is a member like any other, so `a['b-c']` and `a.b` are the same kind of path.
                let expression: Expression =
                    if case .string(let name) = index.expression.literalValue {
                        .member(base.expression, name, nodeRange)
                    } else {
                        .index(base.expression, index.expression, nodeRange)
                    }
                base = try checked(
                    Parsed(
                        expression: expression, lower: base.lower, upper: close.upper,
                        depth: max(base.depth, index.depth) + 1))
            default:
                return base
            }
        }
    }

    private mutating func parsePrimary() throws(Failure) -> Parsed {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return literal(value, token)
        case .string(let text):
            _ = advance()
            return literal(.string(text), token)
        case .identifier("true"):
            _ = advance()
            return literal(true, token)
        case .identifier("false"):
            _ = advance()
            return literal(false, token)
        case .identifier("null"):
            _ = advance()
            return literal(.null, token)
        case .identifier(let name):
            _ = advance()
            if current.kind == .leftParen { return try parseCall(name, nameToken: token) }
            return Parsed(
                expression: .root(name, range(token.lower, token.upper)), lower: token.lower, upper: token.upper)
        case .leftParen:
            try enter(at: token)
            defer { nesting -= 1 }
            let open = advance()
            let inner = try parseBinary(minimumPrecedence: 1)
            guard current.kind == .rightParen else {
                throw Failure(
                    message: "expected ')' to close '(', found \(current.quoted)",
                    lower: current.lower,
                    upper: current.upper,
                    notes: [("'(' opened here", open.lower, open.upper)]
                )
            }
            let close = advance()
            return Parsed(expression: inner.expression, lower: open.lower, upper: close.upper, depth: inner.depth)
        default:
            throw missingExpression(at: token)
        }
    }

    private mutating func parseCall(_ name: String, nameToken: Token) throws(Failure) -> Parsed {
        try enter(at: current)
        defer { nesting -= 1 }
        let open = advance()
        var arguments: [Expression] = []
        var deepest = 0
        if current.kind != .rightParen {
            while true {
                let argument = try parseBinary(minimumPrecedence: 1)
                deepest = max(deepest, argument.depth)
                arguments.append(argument.expression)
                if current.kind == .comma {
                    _ = advance()
                    continue
                }
                guard current.kind == .rightParen else {
                    throw Failure(
                        message: "expected ')' to close the call to '\(name)', found \(current.quoted)",
                        lower: current.lower,
                        upper: current.upper,
                        notes: [("'(' opened here", open.lower, open.upper)]
                    )
                }
                break
            }
        }
        let close = advance()
        return try checked(
            Parsed(
                expression: .call(name, arguments, range(nameToken.lower, close.upper)),
                lower: nameToken.lower,
                upper: close.upper,
                depth: deepest + 1
            ))
    }

    private func literal(_ value: JSONValue, _ token: Token) -> Parsed {
        Parsed(expression: .literal(value, range(token.lower, token.upper)), lower: token.lower, upper: token.upper)
    }

    private func missingExpression(at token: Token) -> Failure {
        if let previous {
            switch previous.kind {
            case .binary, .bang, .comma, .leftParen, .leftBracket:
                return Failure(
                    message: "expected an expression after \(previous.quoted), found \(token.quoted)",
                    lower: token.lower,
                    upper: token.upper
                )
            default: break
            }
        }
        return Failure(message: "expected an expression, found \(token.quoted)", lower: token.lower, upper: token.upper)
    }
}
