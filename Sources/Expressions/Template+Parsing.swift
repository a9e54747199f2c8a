public import Diagnostics

extension Template {
    /// Parses a YAML string value, reporting syntax errors into `diagnostics`.
    ///
    /// - Parameters:
    ///   - text: The scalar's text.
    ///   - start: Where the scalar's text starts in the file (for a quoted scalar, after the quote); diagnostics
    ///     point at the exact column of the offending token when the scalar is on one line, and at the scalar
    ///     otherwise.
    ///   - range: Where the whole scalar is.
    ///   - diagnostics: Receives every syntax error.
    /// - Returns: The template; an expression with a syntax error becomes `Expression.invalid`.
    public static func parse(
        _ text: String,
        at start: SourceLocation?,
        range: SourceRange?,
        into diagnostics: inout DiagnosticCollector
    ) -> Template {
        let scalars = Array(text.unicodeScalars)
        let map = SourcePositionMap(text: scalars, start: start, scalarRange: range)
        let lexer = Lexer(scalars: scalars)
        var parts: [Part] = []
        var literal = ""

        func flushLiteral() {
            guard !literal.isEmpty else { return }
            parts.append(.literal(literal))
            literal = ""
        }

        func startsMarker(at offset: Int) -> Bool {
            offset + 2 < scalars.count && scalars[offset] == "$" && scalars[offset + 1] == "{"
                && scalars[offset + 2] == "{"
        }

        var offset = 0
        while offset < scalars.count {
            if scalars[offset] == "$", startsMarker(at: offset + 1) {
                literal += "${{"
                offset += 4
                continue
            }
            guard startsMarker(at: offset) else {
                literal.unicodeScalars.append(scalars[offset])
                offset += 1
                continue
            }
            flushLiteral()
            let opening = offset
            let lexed = lexer.lexExpression(from: offset + 3)
            let expression = parseExpression(lexed, opening: opening, map: map, into: &diagnostics)
            parts.append(.expression(expression))
            offset = lexed.next
        }
        flushLiteral()
        return Template(parts: parts, range: range)
    }

    private static func parseExpression(
        _ lexed: Lexer.Result,
        opening: Int,
        map: SourcePositionMap,
        into diagnostics: inout DiagnosticCollector
    ) -> Expression {
        let whole = map.range(opening, lexed.next)
        if !lexed.problems.isEmpty {
            for problem in lexed.problems {
                diagnostics.error(problem.message, at: map.range(problem.lower, problem.upper))
            }
            return .invalid(whole)
        }
        guard lexed.isTerminated else {
            diagnostics.error(
                "unterminated expression: '${{' has no closing '}}'",
                at: map.range(opening, opening + 3)
            )
            return .invalid(whole)
        }
        if lexed.tokens.count == 1 {
            diagnostics.error("empty expression: write a value between '${{' and '}}'", at: whole)
            return .invalid(whole)
        }
        var parser = Parser(tokens: lexed.tokens, map: map)
        do {
            return try parser.parseExpression()
        } catch {
            let notes = error.notes.map { Diagnostic.Note($0.message, at: map.range($0.lower, $0.upper)) }
            diagnostics.error(error.message, at: map.range(error.lower, error.upper), notes: notes)
            return .invalid(whole)
        }
    }
}
