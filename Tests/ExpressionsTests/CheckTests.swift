import Diagnostics
import Expressions
import Testing

/// Parses a marked template and runs the static checks, returning the diagnostics of the checks only.
func checkDiagnostics(_ text: String) throws -> [Diagnostic] {
    let (template, parseDiagnostics) = parseTemplate(text)
    guard parseDiagnostics.isEmpty else { throw TestFailure("syntax errors in '\(text)': \(parseDiagnostics)") }
    var diagnostics = DiagnosticCollector()
    template.check(into: &diagnostics)
    return diagnostics.all
}

@Suite struct CheckTests {
    @Test(
        "static checks report with precise ranges",
        arguments: [
            ("${{ 1️⃣itme.title }}", "unknown name 'itme' in expression", "did you mean 'item'?"),
            ("${{ 1️⃣lenght(item.tags) }}", "unknown function 'lenght'", "did you mean 'length'?"),
            ("${{ 1️⃣Format('{0}', 1) }}", "unknown function 'Format'", "did you mean 'format'?"),
            ("${{ 1️⃣trim }}", "'trim' is a function; call it with parentheses, as in trim(…)", nil),
            ("${{ 1️⃣lower() }}", "lower() takes 1 argument, got 0; call it as lower(text)", nil),
            (
                "${{ 1️⃣default(item.a) }}", "default() takes 2 arguments, got 1; call it as default(value, fallback)",
                nil
            ),
            ("${{ lower(1️⃣3) }}", "lower() expects a string, got number", nil),
            ("${{ split(item.a, 1️⃣true) }}", "split() expects a string as its second argument, got boolean", nil),
            (
                "${{ 1️⃣format('{0}{1}', item.a) }}", "format() uses placeholder {1} but is given 1 value after the text",
                nil
            ),
            (
                "${{ format(1️⃣'{', item.a) }}",
                "format() text has a '{' that does not start a placeholder such as {0}; write '{{' for a literal brace",
                nil
            ),
            ("${{ 1️⃣'a' < 3 }}", "cannot compare string and number with '<' (string 'a' is not a number)", nil),
            ("${{ item.n > 1️⃣null }}", "'>' compares numbers or strings, not null", nil),
            ("${{ 1️⃣true <= item.n }}", "'<=' compares numbers or strings, not booleans", nil),
            ("${{ item.tags[1️⃣null] }}", "an index must be a number or a string, got null", nil),
        ]
    )
    func check(marked: String, message: String, note: String?) throws {
        let text = MarkedText(marked)
        let diagnostics = try checkDiagnostics(text.text)
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(diagnostic.message == message)
        #expect(diagnostic.range?.start == text.location(of: "1️⃣", from: testStart))
        #expect(diagnostic.notes.map(\.message).contains(note ?? "") == (note != nil))
    }

    @Test(
        "well-formed expressions pass the checks",
        arguments: [
            "${{ format('{0} - {1}', item.code, item.title) }}",
            "${{ item.credits == 3 && '10' < '9' || !env.CI }}",
            "${{ join(steps.shells.items, ', ') }}",
            "${{ coalesce(item.a, item.b, item.c, 'x') }}",
            "${{ default(vars.name, 'x') }} and ${{ length('abc') >= 2 }}",
            "${{ format('{{}}') }}",
        ]
    )
    func passes(text: String) throws {
        #expect(try checkDiagnostics(text).isEmpty)
    }

    @Test func everyProblemOfAValueIsReported() throws {
        let diagnostics = try checkDiagnostics("${{ lenght(itme) }}/${{ lower(1, 2) }}")
        #expect(
            diagnostics.map(\.message) == [
                "unknown name 'itme' in expression", "unknown function 'lenght'",
                "lower() takes 1 argument, got 2; call it as lower(text)",
            ])
    }
}
