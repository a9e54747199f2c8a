import Diagnostics
import Testing

@Suite struct SourceFileTests {
    @Test func linesAreOneBasedWhateverTheLineBreaks() {
        let file = SourceFile(path: "a.yaml", text: "one\ntwo\r\nthree\rfour")
        #expect(file.line(1) == "one")
        #expect(file.line(2) == "two")
        #expect(file.line(3) == "three")
        #expect(file.line(4) == "four")
        #expect(file.line(5) == nil)
        #expect(file.line(0) == nil)
    }

    @Test func aFinalLineBreakEndsTheLastLine() {
        let file = SourceFile(path: "a.yaml", text: "one\n")
        #expect(file.line(1) == "one")
        #expect(file.line(2) == "")
        #expect(file.line(3) == nil)
    }

    @Test func locationsOrderByLineThenColumn() {
        let early = SourceLocation(line: 2, column: 9)
        let late = SourceLocation(line: 3, column: 1)
        #expect(early < late)
        #expect(early.advanced(by: 3) == SourceLocation(line: 2, column: 12))
        #expect(early.description == "2:9")
        // A range never ends before it starts.
        #expect(SourceRange(start: late, end: early).end == late)
    }
}
