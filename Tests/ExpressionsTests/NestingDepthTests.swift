import Diagnostics
import Expressions
import JSONValues
import Testing

/// Expressions nested past the limit are a positioned error, never a stack overflow, however they nest.
@Suite struct NestingDepthTests {
    @Test(
        "deep nesting of every kind is refused where it goes too deep",
        arguments: [
            ("(", ")", "1"), ("!", "", "true"), ("f(", ")", "1"), ("a[", "]", "0"),
        ])
    func deepNestingIsAPositionedError(open: String, close: String, inner: String) {
        let depth = 100_000
        let text =
            "${{ " + String(repeating: open, count: depth) + inner + String(repeating: close, count: depth) + " }}"
        let (template, diagnostics) = parseTemplate(text)
        #expect(diagnostics.count == 1)
        let diagnostic = diagnostics.first
        #expect(diagnostic?.message.contains("nests more than 100 levels deep") == true, "\(diagnostics)")
        // On the line of the template, past the `${{ ` and the first hundred levels.
        #expect(diagnostic?.range?.start.line == testStart.line)
        #expect((diagnostic?.range?.start.column ?? 0) > testStart.column + 4 + 100 * open.count - 1)
        #expect(template.wholeExpression == nil || template.wholeExpression?.description.isEmpty == false)
    }

    @Test func longOperatorChainsAreBoundedToo() {
        let chain = (0..<50_000).map { "a\($0)" }.joined(separator: " || ")
        let (_, diagnostics) = parseTemplate("${{ \(chain) }}")
        #expect(diagnostics.first?.message.contains("nests more than 100 levels deep") == true, "\(diagnostics)")
        let members = "${{ a" + String(repeating: ".b", count: 50_000) + " }}"
        #expect(parseTemplate(members).1.first?.message.contains("nests more than 100") == true)
    }

    @Test func nestingUpToTheLimitStillParsesAndEvaluates() throws {
        let expression = try parseExpression(
            String(repeating: "(", count: 99) + "1 == 1" + String(repeating: ")", count: 99))
        #expect(try expression.evaluate(in: EvaluationScope(roots: [:])) == .bool(true))
        let chain = (0..<60).map { _ in "true" }.joined(separator: " && ")
        #expect(try parseExpression(chain).evaluate(in: EvaluationScope(roots: [:])) == .bool(true))
    }
}
