import Diagnostics
import Testing
import YAML

@Suite struct YAMLErrorTests {
    @Test func tabIndentation() throws {
        let diagnostics = parseFailure("steps:\n\t- id: a\n")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == "found a tab character where indentation is expected; YAML indents with spaces")
        #expect(diagnostic.range == location(2, 1))
        #expect(diagnostic.file == "job.yaml")
        #expect(
            diagnostic.notes.map(\.message) == ["while scanning for the next token that starts at line 2, column 1"])
    }

    @Test func badIndentation() throws {
        let diagnostic = try #require(parseFailure("a:\n  b: 1\n c: 2\n").first)
        #expect(diagnostic.message.contains("did not find expected key"))
        #expect(diagnostic.message.hasPrefix("did not find the expected key; this line is probably indented wrongly"))
        #expect(diagnostic.range == location(3, 2))
        #expect(diagnostic.notes.first?.message == "while parsing a block mapping that starts at line 1, column 1")
        #expect(diagnostic.notes.first?.range == location(1, 1))
    }

    @Test func mappingValueInAPlainScalar() throws {
        let diagnostic = try #require(parseFailure("name: a: b\n").first)
        #expect(diagnostic.message.contains("mapping values are not allowed in this context"))
        #expect(diagnostic.range == location(1, 8))
        #expect(diagnostic.notes.isEmpty)
    }

    @Test func unterminatedQuotes() throws {
        let diagnostic = try #require(parseFailure("a: 1\nname: \"unfinished\n").first)
        #expect(diagnostic.message.hasPrefix("unterminated quoted text: the file ends before the closing quote"))
        #expect(diagnostic.range == location(3, 1))
        #expect(diagnostic.notes.first?.message == "while scanning a quoted scalar that starts at line 2, column 7")
    }

    @Test func unknownEscape() throws {
        let diagnostic = try #require(parseFailure("path: \"C:\\qdir\"\n").first)
        #expect(diagnostic.message.hasPrefix("unknown escape sequence in double-quoted text"))
        #expect(diagnostic.range == location(1, 10))
    }

    @Test func reservedCharacterAtTheStartOfAValue() throws {
        let diagnostic = try #require(parseFailure("owner: @admin\n").first)
        #expect(diagnostic.message.hasPrefix("found '@', which cannot start a value"))
        #expect(diagnostic.range == location(1, 8))
    }

    @Test func controlCharactersArePositionedFromTheReaderOffset() throws {
        let diagnostic = try #require(parseFailure("a: 1\nbé: x\u{01}y\n").first)
        #expect(diagnostic.message.contains("control characters are not allowed"))
        #expect(diagnostic.range == location(2, 6))
    }

    @Test func errorsAfterMultiByteTextCountScalars() throws {
        let diagnostic = try #require(parseFailure("title: 🎓 é: x\n").first)
        #expect(diagnostic.range == location(1, 11))
    }

    @Test func duplicateKeysAreAllReportedAtTheSecondOccurrence() throws {
        let diagnostics = parseFailure(
            """
            name: a
            steps:
              - id: x
                id: y
            name: b
            name: c
            """
        )
        #expect(diagnostics.count == 3)
        #expect(diagnostics.map(\.range?.start.line) == [4, 5, 6])
        let nested = diagnostics[0]
        #expect(nested.message == "duplicate key 'id' in this mapping; each key may appear only once")
        #expect(nested.range == range(4, 5, 4, 7))
        #expect(nested.notes == [Diagnostic.Note("first defined at line 3", at: range(3, 5, 3, 7))])
        #expect(diagnostics[1].notes.first?.message == "first defined at line 1")
        #expect(diagnostics[2].range == range(6, 1, 6, 5))
        #expect(diagnostics[2].notes.first?.range == range(1, 1, 1, 5))
    }

    @Test func duplicateKeysCompareTheKeyText() throws {
        let diagnostics = parseFailure("{ a: 1, \"a\": 2 }\n")
        #expect(diagnostics.map(\.message) == ["duplicate key 'a' in this mapping; each key may appear only once"])
        #expect(diagnostics.first?.range == range(1, 9, 1, 12))
    }

    @Test func duplicateKeysAndASyntaxErrorAreReportedTogether() {
        let diagnostics = parseFailure("a: 1\na: 2\nb: \"open\n")
        #expect(diagnostics.count == 2)
        #expect(diagnostics.map(\.range?.start.line) == [2, 4])
    }

    @Test func aSecondDocumentIsAnError() throws {
        let diagnostics = parseFailure("easel: 1\n---\nname: other\n")
        #expect(diagnostics.count == 1)
        #expect(
            diagnostics.first?.message.hasPrefix("found a second YAML document; a job file holds exactly one document")
                == true)
        #expect(diagnostics.first?.range == range(2, 1, 2, 4))
        let afterEnd = parseFailure("easel: 1\n...\nname: other\n")
        #expect(afterEnd.first?.message.hasPrefix("found a second YAML document") == true)
        #expect(afterEnd.first?.range?.start == Diagnostics.SourceLocation(line: 3, column: 1))
    }

    @Test func deepNestingIsRejectedNotOverflowed() throws {
        let diagnostics = parseFailure(String(repeating: "[", count: 10_000))
        #expect(
            diagnostics.map(\.message) == [
                "values are nested more than 256 levels deep here, which is more than easel accepts"
            ])
        #expect(diagnostics.first?.range?.start == Diagnostics.SourceLocation(line: 1, column: 257))
    }

    @Test func renderedErrorsPointAtTheProblem() {
        let source = SourceFile(path: "jobs/a.yaml", text: "steps:\n\t- id: a\n")
        do {
            _ = try YAMLParser.parse(source)
            Issue.record("expected an error")
        } catch {
            let rendered = DiagnosticRenderer(sources: [source]).render(error.diagnostics)
            #expect(rendered.hasPrefix("jobs/a.yaml:2:1: error: found a tab character where indentation is expected"))
            #expect(rendered.contains("\t- id: a\n^\n"))
        }
    }
}

@Suite struct YAMLFlowExpressionTests {
    static let message =
        "'${{ … }}' cannot appear unquoted inside a flow collection ({ } or [ ]); quote the value (\"${{ … }}\") or use block style"

    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var expected: SourceRange
        var testDescription: String { text }
    }

    @Test(arguments: [
        Case(text: "body: { a: ${{ x }} }\n", expected: range(1, 12, 1, 20)),
        Case(text: "list: [ ${{ x }} ]\n", expected: range(1, 9, 1, 17)),
        Case(text: "list: [a, \"${{ q }}\", ${{ steps.s.output }}]\n", expected: range(1, 23, 1, 44)),
        Case(text: "x: 1\nbody:\n  course: { event: offer, id: ${{ item.id }} }\n", expected: range(3, 31, 3, 45)),
        Case(text: "body: {\n  a: 1,\n  b: ${{ y }}\n}\n", expected: range(3, 6, 3, 14)),
        Case(text: "- { a: [${{ z }}] }\n", expected: range(1, 9, 1, 17)),
        Case(text: "é🎓: { k: ${{ v }} }\n", expected: range(1, 10, 1, 18)),
        Case(text: "settings: { ${{ key }}: 1 }\n", expected: range(1, 13, 1, 23)),
    ])
    func bareExpressionsInFlowStyle(_ testCase: Case) throws {
        let diagnostics = parseFailure(testCase.text)
        #expect(diagnostics.count == 1)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message == Self.message)
        #expect(diagnostic.range == testCase.expected)
    }

    @Test func otherFlowErrorsKeepTheirOwnMessage() throws {
        let diagnostic = try #require(parseFailure("body: { a: \"${{ x }}\" b }\nq: [a b: c]\n").first)
        #expect(diagnostic.message != Self.message)
        #expect(diagnostic.message.contains("did not find expected ',' or '}'"))
    }

    @Test func aBlockErrorOnAnExpressionLineHintsAtQuoting() throws {
        let diagnostic = try #require(parseFailure("when: ${{ a: b }}\n").first)
        #expect(diagnostic.message.contains("mapping values are not allowed in this context"))
        #expect(
            diagnostic.notes.map(\.message).contains(
                "if this line holds a '${{ … }}' containing ': ' or ' #', quote the whole value"))
    }
}
