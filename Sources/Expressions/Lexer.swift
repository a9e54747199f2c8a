import JSONValues

/// Splits the inside of one `${{ … }}` into tokens, stopping after the closing `}}`.
struct Lexer {
    /// A problem found while lexing, with its span as scalar offsets.
    struct Problem: Sendable, Equatable {
        var message: String
        var lower: Int
        var upper: Int
    }

    /// What lexing one expression produced.
    struct Result: Sendable {
        /// The tokens, ending with `.end` (at the `}}`, or at the end of the text when it is missing).
        var tokens: [Token]
        /// Problems found; the expression is not parsed when there are any.
        var problems: [Problem]
        /// Whether the closing `}}` was found.
        var isTerminated: Bool
        /// The offset just after the expression's `}}` (or the end of the text).
        var next: Int
    }

    let scalars: [Unicode.Scalar]

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic
    }

    // Hyphens are allowed inside names so that step ids like `course-shells` read naturally, as in GitHub
    // Actions; the language has no minus operator for them to clash with.
    static func isIdentifierContinuation(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || scalar == "-" || ("0"..."9").contains(scalar)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private func scalar(at offset: Int) -> Unicode.Scalar? {
        offset < scalars.count ? scalars[offset] : nil
    }

    /// Lexes from `start` (just after `${{`) to the closing `}}`.
    func lexExpression(from start: Int) -> Result {
        var tokens: [Token] = []
        var problems: [Problem] = []
        var offset = start
        while offset < scalars.count {
            let current = scalars[offset]
            let next = scalar(at: offset + 1)
            switch current {
            case " ", "\t", "\n", "\r":
                offset += 1
            case "}" where next == "}":
                tokens.append(Token(kind: .end, lower: offset, upper: offset + 2))
                return Result(tokens: tokens, problems: problems, isTerminated: true, next: offset + 2)
            case "'", "\"":
                guard let (token, after) = lexString(from: offset, quote: current) else {
                    problems.append(
                        Problem(message: "unterminated string literal", lower: offset, upper: scalars.count))
                    tokens.append(Token(kind: .end, lower: scalars.count, upper: scalars.count))
                    return Result(tokens: tokens, problems: problems, isTerminated: false, next: scalars.count)
                }
                if current == "\"" {
                    problems.append(
                        Problem(
                            message: "strings in expressions use single quotes, as in 'text'",
                            lower: offset,
                            upper: after
                        )
                    )
                }
                tokens.append(token)
                offset = after
            case _ where Self.isDigit(current) || (current == "-" && next.map(Self.isDigit) == true):
                let (token, after) = lexNumber(from: offset)
                tokens.append(token)
                offset = after
            case _ where Self.isIdentifierStart(current):
                var end = offset + 1
                while let scalar = scalar(at: end), Self.isIdentifierContinuation(scalar) { end += 1 }
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[offset..<end])
                tokens.append(Token(kind: .identifier(name), lower: offset, upper: end))
                offset = end
            default:
                if let (kind, length) = punctuation(current, next) {
                    tokens.append(Token(kind: kind, lower: offset, upper: offset + length))
                    offset += length
                } else {
                    problems.append(
                        Problem(message: unexpectedMessage(current, next), lower: offset, upper: offset + 1))
                    offset += 1
                }
            }
        }
        tokens.append(Token(kind: .end, lower: scalars.count, upper: scalars.count))
        return Result(tokens: tokens, problems: problems, isTerminated: false, next: scalars.count)
    }

    private func punctuation(_ current: Unicode.Scalar, _ next: Unicode.Scalar?) -> (Token.Kind, Int)? {
        switch (current, next) {
        case ("(", _): (.leftParen, 1)
        case (")", _): (.rightParen, 1)
        case ("[", _): (.leftBracket, 1)
        case ("]", _): (.rightBracket, 1)
        case (".", _): (.dot, 1)
        case (",", _): (.comma, 1)
        case ("=", "="): (.binary(.equal), 2)
        case ("!", "="): (.binary(.notEqual), 2)
        case ("!", _): (.bang, 1)
        case ("<", "="): (.binary(.lessOrEqual), 2)
        case ("<", _): (.binary(.less), 1)
        case (">", "="): (.binary(.greaterOrEqual), 2)
        case (">", _): (.binary(.greater), 1)
        case ("&", "&"): (.binary(.and), 2)
        case ("|", "|"): (.binary(.or), 2)
        default: nil
        }
    }

    private func unexpectedMessage(_ current: Unicode.Scalar, _ next: Unicode.Scalar?) -> String {
        switch current {
        case "=": "'=' is not an operator; use '==' to compare"
        case "&": "'&' is not an operator; use '&&'"
        case "|": "'|' is not an operator; use '||'"
        case "}": "unexpected '}'; an expression ends with '}}'"
        case "$" where next == "{": "unexpected '${'; the expression before it has no closing '}}'"
        default: "unexpected character '\(current.escaped(asASCII: false))' in expression"
        }
    }

    /// Lexes a quoted string where a doubled quote stands for one; nil when the text ends first.
    private func lexString(from start: Int, quote: Unicode.Scalar) -> (Token, Int)? {
        var text = ""
        var offset = start + 1
        while offset < scalars.count {
            let current = scalars[offset]
            if current == quote {
                if scalar(at: offset + 1) == quote {
                    text.unicodeScalars.append(quote)
                    offset += 2
                    continue
                }
                return (Token(kind: .string(text), lower: start, upper: offset + 1), offset + 1)
            }
            text.unicodeScalars.append(current)
            offset += 1
        }
        return nil
    }

    private func lexNumber(from start: Int) -> (Token, Int) {
        var end = start
        if scalars[end] == "-" { end += 1 }
        var isIntegral = true
        while let scalar = scalar(at: end), Self.isDigit(scalar) { end += 1 }
        if scalar(at: end) == ".", let digit = scalar(at: end + 1), Self.isDigit(digit) {
            isIntegral = false
            end += 1
            while let scalar = scalar(at: end), Self.isDigit(scalar) { end += 1 }
        }
        if let marker = scalar(at: end), marker == "e" || marker == "E" {
            var exponentEnd = end + 1
            if let sign = scalar(at: exponentEnd), sign == "+" || sign == "-" { exponentEnd += 1 }
            if let digit = scalar(at: exponentEnd), Self.isDigit(digit) {
                isIntegral = false
                end = exponentEnd
                while let scalar = scalar(at: end), Self.isDigit(scalar) { end += 1 }
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        let value: JSONValue =
            if isIntegral, let integer = Int(text) { .int(integer) } else { .double(Double(text) ?? .nan) }
        return (Token(kind: .number(value), lower: start, upper: end), end)
    }
}
