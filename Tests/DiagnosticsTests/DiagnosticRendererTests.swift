import Diagnostics
import Testing

@Suite struct DiagnosticRendererTests {
    static let source = SourceFile(
        path: "jobs/fall.yaml",
        text: "easel: 1\nsteps:\n  - id: publish\n    need: [shells]\n\tget: /api/v1/x\n")

    static func at(_ line: Int, _ column: Int, to endLine: Int? = nil, _ endColumn: Int? = nil) -> SourceRange {
        SourceRange(
            start: SourceLocation(line: line, column: column),
            end: SourceLocation(line: endLine ?? line, column: endColumn ?? column))
    }

    private func render(_ diagnostic: Diagnostic, colorMode: DiagnosticRenderer.ColorMode = .never) -> String {
        DiagnosticRenderer(sources: [Self.source], colorMode: colorMode).render(diagnostic)
    }

    @Test func rendersLikeACompiler() {
        let diagnostic = Diagnostic.error(
            "unknown key 'need' in step 'publish'", file: "jobs/fall.yaml", at: Self.at(4, 5, to: 4, 9)
        ).suggesting("needs")
        #expect(
            render(diagnostic) == """
                jobs/fall.yaml:4:5: error: unknown key 'need' in step 'publish'
                    need: [shells]
                    ^~~~
                note: did you mean 'needs'?

                """)
    }

    @Test func withoutColourThereIsNoEscape() {
        let rendered = render(.warning("odd", file: "jobs/fall.yaml", at: Self.at(3, 5), notes: [.init("a note")]))
        #expect(!rendered.contains("\u{1B}"))
    }

    @Test func withColourTheSeverityCaretAndNotesArePainted() {
        let error = render(
            .error("bad", file: "jobs/fall.yaml", at: Self.at(3, 5, to: 3, 7), notes: [.init("because")]),
            colorMode: .always)
        #expect(error.hasPrefix("\u{1B}[1;31mjobs/fall.yaml:3:5: error: bad\u{1B}[0m\n"))
        #expect(error.contains("    \u{1B}[32m^~\u{1B}[0m\n"))
        #expect(error.hasSuffix("\u{1B}[1;36mnote: \u{1B}[0mbecause\n"))
        let warning = render(.warning("odd", file: "jobs/fall.yaml", at: Self.at(3, 5)), colorMode: .always)
        #expect(warning.hasPrefix("\u{1B}[1;35mjobs/fall.yaml:3:5: warning: odd\u{1B}[0m\n"))
    }

    @Test(arguments: [
        (SourceRange(at: SourceLocation(line: 3, column: 5)), "^"),
        (DiagnosticRendererTests.at(3, 5, to: 3, 6), "^"),
        (DiagnosticRendererTests.at(3, 5, to: 3, 10), "^~~~~"),
        // A range running onto later lines is marked to the end of its first line.
        (DiagnosticRendererTests.at(3, 5, to: 5, 2), "^~~~~~~~~~~"),
    ])
    func theCaretCoversTheRange(_ range: SourceRange, _ marker: String) {
        let rendered = render(.error("x", file: "jobs/fall.yaml", at: range))
        #expect(rendered == "jobs/fall.yaml:3:5: error: x\n  - id: publish\n    \(marker)\n")
    }

    @Test func theCaretLinesUpUnderTabs() {
        let rendered = render(.error("tab", file: "jobs/fall.yaml", at: Self.at(5, 2, to: 5, 5)))
        #expect(rendered.hasSuffix("\tget: /api/v1/x\n\t^~~\n"))
    }

    @Test func aColumnPastTheEndOfTheLineIsPaddedWithSpaces() {
        let rendered = render(.error("missing value", file: "jobs/fall.yaml", at: Self.at(1, 12)))
        #expect(rendered.hasSuffix("easel: 1\n           ^\n"))
    }

    @Test func noExcerptWithoutARangeAFileOrItsText() {
        #expect(render(.error("no range", file: "jobs/fall.yaml")) == "jobs/fall.yaml: error: no range\n")
        #expect(render(.error("no file")) == "error: no file\n")
        #expect(
            render(.error("unknown file", file: "other.yaml", at: Self.at(1, 1)))
                == "other.yaml:1:1: error: unknown file\n")
        #expect(
            render(.error("past the end", file: "jobs/fall.yaml", at: Self.at(40, 1)))
                == "jobs/fall.yaml:40:1: error: past the end\n")
    }

    @Test func notesFollowInOrderAndASuggestionIsANote() {
        let diagnostic = Diagnostic.error(
            "duplicate step id 'publish'", file: "jobs/fall.yaml", at: Self.at(3, 9, to: 3, 16),
            notes: [.init("first used at line 2", at: Self.at(2, 1))]
        ).suggesting("publish2")
        #expect(diagnostic.notes.map(\.message) == ["first used at line 2", "did you mean 'publish2'?"])
        #expect(render(diagnostic).hasSuffix("^~~~~~~\nnote: first used at line 2\nnote: did you mean 'publish2'?\n"))
        #expect(diagnostic.suggesting(nil) == diagnostic)
    }

    @Test func severalDiagnosticsAreRenderedInTheGivenOrder() {
        let first = Diagnostic.error("one", file: "jobs/fall.yaml", at: Self.at(4, 5))
        let second = Diagnostic.warning("two", file: "jobs/fall.yaml", at: Self.at(1, 1))
        let renderer = DiagnosticRenderer(sources: [Self.source])
        #expect(renderer.render([first, second]) == renderer.render(first) + renderer.render(second))
    }

    @Test func descriptionIsTheFirstLine() {
        #expect(
            Diagnostic.error("bad", file: "a.yaml", at: Self.at(2, 3)).description == "a.yaml:2:3: error: bad")
        #expect(Diagnostic(.note, "just so").description == "note: just so")
        #expect(Diagnostic.Severity.note < .warning && Diagnostic.Severity.warning < .error)
    }
}
