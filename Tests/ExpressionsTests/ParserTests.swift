import Diagnostics
import Expressions
import JSONValues
import Testing

@Suite struct ParserTests {
    @Test(
        "binary operators bind by precedence and associate left",
        arguments: [
            ("a || b && c", "(a || (b && c))"),
            ("a && b || c", "((a && b) || c)"),
            ("a == b && c != d", "((a == b) && (c != d))"),
            ("a < b == c >= d", "((a < b) == (c >= d))"),
            ("a <= b || c > d", "((a <= b) || (c > d))"),
            ("!a && b", "(!a && b)"),
            ("!(a && b)", "!(a && b)"),
            ("!!a", "!!a"),
            ("a || b || c", "((a || b) || c)"),
            ("a == b == c", "((a == b) == c)"),
            ("(a || b) && c", "((a || b) && c)"),
            ("!a == b", "(!a == b)"),
            ("a.b[0].c['d e'] == f(g, h.i)", "(a.b[0].c['d e'] == f(g, h.i))"),
        ]
    )
    func precedence(source: String, expected: String) throws {
        #expect(try parseExpression(source).description == expected)
    }

    @Test(
        "every literal form",
        arguments: [
            ("'text'", JSONValue.string("text")),
            ("'it''s'", .string("it's")),
            ("''", .string("")),
            ("'{{ }}'", .string("{{ }}")),
            ("3", .int(3)),
            ("-42", .int(-42)),
            ("2.5", .double(2.5)),
            ("-0.5", .double(-0.5)),
            ("1e3", .double(1000)),
            ("99999999999999999999", .double(1e20)),
            ("true", .bool(true)),
            ("false", .bool(false)),
            ("null", .null),
        ]
    )
    func literal(source: String, expected: JSONValue) throws {
        guard case .literal(let value, _) = try parseExpression(source) else {
            Issue.record("'\(source)' is not a literal")
            return
        }
        #expect(value == expected)
    }

    @Test func pathsUseMembersIndicesAndQuotedNames() throws {
        let expression = try parseExpression("steps.course-shells.items[0].input['first name']")
        #expect(expression.description == "steps.course-shells.items[0].input['first name']")
        guard case .member(_, let name, _) = expression else {
            Issue.record("expected a member access")
            return
        }
        #expect(name == "first name")
    }

    @Test func templateSplitsLiteralTextAndExpressions() {
        let (template, diagnostics) = parseTemplate("/api/v1/courses/${{ item.output.id }}/sections")
        #expect(diagnostics.isEmpty)
        #expect(template.parts.count == 3)
        #expect(template.parts.first == .literal("/api/v1/courses/"))
        #expect(template.parts.last == .literal("/sections"))
        #expect(!template.isWholeExpression)
        #expect(!template.isLiteral)
    }

    @Test(
        "which values are whole expressions",
        arguments: [
            ("${{ item }}", true),
            ("  ${{ item }} ", true),
            ("${{ item }}${{ item }}", false),
            ("x${{ item }}", false),
            ("plain", false),
            ("$${{ item }}", false),
        ]
    )
    func wholeExpression(text: String, expected: Bool) {
        #expect(parseTemplate(text).0.isWholeExpression == expected)
    }

    @Test func doubledDollarEscapesTheMarker() {
        let (template, diagnostics) = parseTemplate("echo $${{ not an expression }} and $$ stays")
        #expect(diagnostics.isEmpty)
        #expect(template.isLiteral)
        #expect(template.literalText == "echo ${{ not an expression }} and $$ stays")
        #expect(template.description == "echo $${{ not an expression }} and $$ stays")
    }

    @Test func closingBracesInsideStringLiteralsDoNotEndTheExpression() throws {
        let (template, diagnostics) = parseTemplate("${{ format('{{}} {0}', 'x') }}!")
        #expect(diagnostics.isEmpty)
        #expect(template.expressions.count == 1)
        #expect(template.parts.last == .literal("!"))
    }

    @Test(
        "syntax errors point at the offending token",
        arguments: [
            ("x 1️⃣${{ item.title", "unterminated expression: '${{' has no closing '}}'"),
            ("1️⃣${{ }}", "empty expression: write a value between '${{' and '}}'"),
            ("${{ 1️⃣'abc }}", "unterminated string literal"),
            ("${{ format('{0}', item.a 1️⃣}}", "expected ')' to close the call to 'format', found '}}'"),
            ("${{ format('{0}' 1️⃣item) }}", "expected ')' to close the call to 'format', found 'item'"),
            ("${{ item.a && 1️⃣}}", "expected an expression after '&&', found '}}'"),
            ("${{ item 1️⃣item }}", "unexpected 'item'; expected an operator or '}}'"),
            ("${{ item.1️⃣3 }}", "expected a member name after '.', found number 3"),
            ("${{ item[0 1️⃣}}", "expected ']' to close the index, found '}}'"),
            ("${{ (item 1️⃣}}", "expected ')' to close '(', found '}}'"),
            ("${{ item 1️⃣= 'x' }}", "'=' is not an operator; use '==' to compare"),
            ("${{ a 1️⃣& b }}", "'&' is not an operator; use '&&'"),
            ("${{ 1️⃣\"x\" }}", "strings in expressions use single quotes, as in 'text'"),
            ("${{ item 1️⃣# x }}", "unexpected character '#' in expression"),
            ("${{ f(a,1️⃣) }}", "expected an expression after ',', found ')'"),
            ("${{ 1️⃣) }}", "expected an expression, found ')'"),
        ]
    )
    func syntaxError(marked: String, message: String) throws {
        let text = MarkedText(marked)
        let (template, diagnostics) = parseTemplate(text.text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == message)
        #expect(diagnostic.range?.start == text.location(of: "1️⃣", from: testStart))
        #expect(template.expressions.contains { if case .invalid = $0 { true } else { false } })
    }

    @Test func unclosedParenthesisNotesWhereItOpened() throws {
        let text = MarkedText("${{ 1️⃣(a || b 2️⃣}}")
        let (_, diagnostics) = parseTemplate(text.text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.range?.start == text.location(of: "2️⃣", from: testStart))
        #expect(diagnostic.notes.first?.range?.start == text.location(of: "1️⃣", from: testStart))
    }

    @Test func everyBrokenExpressionOfAValueIsReported() {
        let (template, diagnostics) = parseTemplate("${{ a = b }}/${{ }}/${{ c }}")
        #expect(diagnostics.count == 2)
        #expect(template.expressions.count == 3)
    }

    @Test func nodeRangesCoverTheirSource() throws {
        let text = MarkedText("id=${{ 1️⃣steps.term.output.id2️⃣ == 3️⃣'x'4️⃣ }}")
        let (template, _) = parseTemplate(text.text)
        guard case .binary(.equal, let left, let right, _) = try #require(template.expressions.first) else {
            Issue.record("expected a comparison")
            return
        }
        #expect(left.range?.start == text.location(of: "1️⃣", from: testStart))
        #expect(left.range?.end == text.location(of: "2️⃣", from: testStart))
        #expect(right.range?.start == text.location(of: "3️⃣", from: testStart))
        #expect(right.range?.end == text.location(of: "4️⃣", from: testStart))
    }

    @Test func multiLineValuesFallBackToTheScalarRange() throws {
        var diagnostics = DiagnosticCollector()
        let scalar = SourceRange(start: SourceLocation(line: 4, column: 5), end: SourceLocation(line: 6, column: 1))
        _ = Template.parse("first line\n${{ a b }}\n", at: scalar.start, range: scalar, into: &diagnostics)
        #expect(diagnostics.all.map(\.range) == [scalar])
    }

    @Test func nonASCIITextShiftsColumnsByScalars() throws {
        let text = MarkedText("Café – ${{ item 1️⃣item }}")
        let (_, diagnostics) = parseTemplate(text.text)
        #expect(diagnostics.first?.range?.start == text.location(of: "1️⃣", from: testStart))
    }
}
