import Expressions
import JSONValues
import Testing

/// Parses and evaluates a template that must be free of syntax errors.
func evaluateTemplate(_ text: String, in scope: EvaluationScope = sampleScope) throws -> JSONValue {
    let (template, diagnostics) = parseTemplate(text)
    guard diagnostics.isEmpty else { throw TestFailure("syntax errors in '\(text)': \(diagnostics)") }
    return try template.evaluate(in: scope)
}

@Suite struct TemplateEvaluationTests {
    @Test(
        "a whole-value expression keeps its type",
        arguments: [
            ("${{ item.output }}", JSONValue(dictionaryLiteral: ("id", 7), ("workflow_state", "unpublished"))),
            ("${{ item.tags }}", .array(["a", "b"])),
            ("${{ steps.term.output.id }}", 42),
            ("  ${{ item.zero }}  ", 0),
            ("${{ item.nothing }}", nil),
            ("${{ item.credits == 3 }}", true),
        ]
    )
    func wholeValue(text: String, expected: JSONValue) throws {
        #expect(try evaluateTemplate(text) == expected)
    }

    @Test(
        "anything else interpolates into a string",
        arguments: [
            ("/api/v1/courses/${{ item.output.id }}/sections", "/api/v1/courses/7/sections"),
            ("${{ item.code }}-${{ item.zero }}", "cs101-0"),
            ("x${{ item.output }}", "x{\"id\":7,\"workflow_state\":\"unpublished\"}"),
            ("[${{ item.nothing }}]", "[]"),
            ("flag=${{ item.credits == 3 }}", "flag=true"),
            ("plain text", "plain text"),
            ("", ""),
            ("cost: $${{ not }} ${{ item.zero }}", "cost: ${{ not }} 0"),
        ]
    )
    func interpolation(text: String, expected: String) throws {
        #expect(try evaluateTemplate(text) == .string(expected))
    }

    @Test func evaluateStringEscapesOnlyInterpolatedValues() throws {
        let scope = EvaluationScope(vars: ["course": "sis_course_id:CS/101", "section": "A 1"])
        let (template, diagnostics) = parseTemplate("/api/v1/courses/${{ vars.course }}/sections/${{ vars.section }}")
        #expect(diagnostics.isEmpty)
        let encode: (String) -> String = { text in
            text.replacing("%", with: "%25").replacing("/", with: "%2F").replacing(" ", with: "%20")
        }
        let path = try template.evaluateString(in: scope, escapingInterpolations: encode)
        #expect(path == "/api/v1/courses/sis_course_id:CS%2F101/sections/A%201")
        #expect(try template.evaluate(in: scope) == "/api/v1/courses/sis_course_id:CS/101/sections/A 1")
    }

    @Test func evaluateStringTurnsAWholeValueIntoText() throws {
        let (template, _) = parseTemplate("${{ item.output.id }}")
        #expect(try template.evaluateString(in: sampleScope, escapingInterpolations: { "<\($0)>" }) == "<7>")
    }

    @Test func evaluatingASyntaxErrorFails() throws {
        let (template, diagnostics) = parseTemplate("a${{ item.code = 1 }}")
        #expect(!diagnostics.isEmpty)
        #expect(throws: EvaluationError.self) { try template.evaluate(in: sampleScope) }
    }

    @Test func manyItemsEvaluateFromOneParse() throws {
        let (template, _) = parseTemplate("/api/v1/courses/${{ format('{0}-{1}', item.code, item.n) }}")
        let (condition, _) = parseTemplate("${{ item.n >= 50000 && startsWith(item.code, 'C') }}")
        var scope = sampleScope
        var selected = 0
        var lastPath: JSONValue = nil
        for number in 0..<100_000 {
            scope.item = ["code": .string("C\(number % 7)"), "n": .string(String(number))]
            if try condition.evaluate(in: scope).boolValue == true { selected += 1 }
            lastPath = try template.evaluate(in: scope)
        }
        #expect(selected == 50_000)
        #expect(lastPath == "/api/v1/courses/C4-99999")  // 99,999 = 7 × 14,285 + 4
    }
}
