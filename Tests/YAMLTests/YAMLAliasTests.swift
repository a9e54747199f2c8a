import Diagnostics
import Testing
import YAML

@Suite struct YAMLAliasTests {
    @Test func anAliasIsACopyOfItsAnchoredNode() throws {
        let node = try parseDocument(
            """
            defaults: &retry
              attempts: 6
              backoff: 2s
            first: *retry
            scalar: &word hello
            again: *word
            """
        )
        let defaults = try #require(node["defaults"])
        #expect(node["first"] == defaults)
        #expect(node["first"]?["attempts"]?.scalarValue == .int(6))
        #expect(node["again"]?.text == "hello")
        #expect(node["again"]?.range == node["scalar"]?.range)
    }

    @Test func mergeKeysInsertPairsAndExplicitKeysWin() throws {
        let node = try parseDocument(
            """
            base: &base
              a: 1
              b: 2
            step:
              b: explicit-before
              <<: *base
              c: 3
            late:
              <<: *base
              a: explicit-after
            """
        )
        let step = try #require(node["step"]?.mapping)
        #expect(step.map { $0.key.text } == ["b", "a", "c"])
        #expect(node["step"]?["b"]?.text == "explicit-before")
        #expect(node["step"]?["a"]?.text == "1")
        let late = try #require(node["late"]?.mapping)
        #expect(late.map { $0.key.text } == ["b", "a"])
        #expect(node["late"]?["a"]?.text == "explicit-after")
    }

    @Test func mergingAListOfMappingsPrefersTheEarlierOne() throws {
        let node = try parseDocument(
            """
            one: &one { a: from-one, b: from-one }
            two: &two { b: from-two, c: from-two }
            both:
              <<: [*one, *two]
              d: own
            """
        )
        let both = try #require(node["both"])
        #expect(both.mapping?.map { $0.key.text } == ["a", "b", "c", "d"])
        #expect(both["b"]?.text == "from-one")
        #expect(both["c"]?.text == "from-two")
    }

    @Test func aMergeOfAScalarIsAnError() {
        let diagnostics = parseFailure("a: &x 1\nb:\n  <<: *x\n")
        #expect(
            diagnostics.map(\.message) == [
                "the merge key '<<' takes a mapping or a list of mappings, such as '<<: *defaults'"
            ])
        #expect(diagnostics.first?.range == range(1, 4, 1, 8))
    }

    @Test func anUnknownAliasIsAnErrorWithASuggestion() {
        let diagnostics = parseFailure("base: &defaults 1\nuse: *default\nother: *nothing\n")
        #expect(diagnostics.count == 2)
        #expect(diagnostics.first?.message == "unknown alias '*default': no anchor '&default' is defined before it")
        #expect(diagnostics.first?.range == range(2, 6, 2, 14))
        #expect(diagnostics.first?.notes.map(\.message) == ["did you mean '*defaults'?"])
        #expect(diagnostics.last?.range?.start == Diagnostics.SourceLocation(line: 3, column: 8))
        #expect(diagnostics.allSatisfy { $0.file == "job.yaml" && $0.severity == .error })
    }

    @Test func anAliasInsideItsOwnAnchorIsAnError() {
        let diagnostics = parseFailure("a: &loop\n  b: *loop\n")
        #expect(
            diagnostics.map(\.message) == [
                "alias '*loop' is inside the value its anchor '&loop' names; a value cannot contain itself"
            ])
        #expect(diagnostics.first?.range == range(2, 6, 2, 11))
    }

    @Test func aliasBombsStopAtTheNodeLimit() throws {
        // Each level repeats the previous one ten times: 10^9 values once expanded.
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...8 {
            let previous = "*l\(level - 1)"
            let list = Array(repeating: previous, count: 10).joined(separator: ", ")
            text += "l\(level): &l\(level) [\(list)]\n"
        }
        let clock = ContinuousClock()
        var diagnostics: [Diagnostic] = []
        let elapsed = clock.measure { diagnostics = parseFailure(text) }
        #expect(elapsed < .seconds(5))
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.message.hasPrefix("this document holds more than 1,000,000 values once its aliases"))
        #expect(diagnostic.range?.start.line == 6)
    }

    @Test func aliasesCannotNestPastTheDepthLimit() throws {
        // Each anchor wraps the previous one in 100 more levels: 300 levels once expanded.
        let open = String(repeating: "[", count: 100)
        let close = String(repeating: "]", count: 100)
        let text = "a: &a \(open)\(close)\nb: &b \(open)*a\(close)\nc: \(open)*b\(close)\n"
        let diagnostics = parseFailure(text)
        #expect(
            diagnostics.map(\.message) == [
                "values are nested more than 256 levels deep here, which is more than easel accepts"
            ])
    }
}
