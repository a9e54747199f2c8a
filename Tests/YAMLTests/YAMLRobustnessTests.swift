import Diagnostics
import SeededRandom
import Testing
import YAML

@Suite struct YAMLRobustnessTests {
    static let snippets = [
        "easel: 1\nname: demo\nvars:\n  account: sis_account_id:ENG\n",
        "steps:\n  - id: a\n    get: /api/v1/x/${{ vars.a }}\n    body: { course: { event: offer } }\n",
        "base: &b { a: 1, b: [x, y] }\nother:\n  <<: *b\n  c: !!str 3\n",
        "text: |\n  line one\n  line two\nfold: >-\n  a\n  b\n",
        "q: \"tab\\t \\u00e9 🎓\"\ns: 'it''s'\nlist: [1, 2.5, ~, true, \"${{ x }}\"]\n",
        "? [complex, key]\n: value\n- not valid here\n",
        "a: &x [*x]\n",
        "%YAML 1.2\n---\nk: v\n...\n",
    ]

    /// Runs the parser on one input: it must return or throw diagnostics with valid positions, within `limit`.
    ///
    /// The parse runs on a thread of its own under a watchdog, so that a hang fails the test at the deadline
    /// instead of stalling the whole run.
    static func check(_ text: String, limit: Duration = .seconds(2)) async {
        guard let problems = await Watchdog.run(within: limit, { problems(parsing: text) }) else {
            Issue.record("parsing did not finish within \(limit) for \(text.prefix(200).debugDescription)")
            return
        }
        for problem in problems { Issue.record(Comment(rawValue: problem)) }
    }

    /// What is wrong with how the parser handled `text`: nothing when it returned a node or diagnostics with
    /// valid positions.
    static func problems(parsing text: String) -> [String] {
        var problems: [String] = []
        do throws(DiagnosticsError) {
            if let node = try YAMLParser.parse(SourceFile(path: "fuzz.yaml", text: text)) {
                _ = node.toJSONValue()
                if node.range.start.line < 1 || node.range.start.column < 1 {
                    problems.append("the root node is at \(node.range.start) for \(text.debugDescription)")
                }
            }
        } catch {
            if error.diagnostics.isEmpty { problems.append("no diagnostics for \(text.debugDescription)") }
            for diagnostic in error.diagnostics {
                if diagnostic.file != "fuzz.yaml" { problems.append("a diagnostic without its file: \(diagnostic)") }
                if let range = diagnostic.range, range.start.line < 1 || range.start.column < 1 {
                    problems.append("a diagnostic at \(range.start): \(diagnostic)")
                }
            }
        }
        return problems
    }

    static func mutated(_ text: String, using generator: inout SplitMix64) -> String {
        var bytes = Array(text.utf8)
        let interesting = Array("{}[]:-?&*!|>'\"#%@`\t\n \\,$".utf8)
        for _ in 0..<Int.random(in: 1...6, using: &generator) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where !bytes.isEmpty: bytes.remove(at: position)
            case 1: bytes.insert(interesting.randomElement(using: &generator) ?? 0, at: position)
            case 2 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
            case 3: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            default:
                // Splice in a piece of another snippet.
                let other = Array((snippets.randomElement(using: &generator) ?? "").utf8)
                let start = Int.random(in: 0..<other.count, using: &generator)
                bytes.insert(contentsOf: other[start..<min(other.count, start + 12)], at: position)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func mutatedSnippetsNeverCrash() async {
        var generator = SplitMix64(seed: 0x5EED_CA11)
        for _ in 0..<2_500 {
            let snippet = Self.snippets.randomElement(using: &generator) ?? ""
            await Self.check(Self.mutated(snippet, using: &generator))
        }
    }

    @Test func randomBytesNeverCrash() async {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<1_000 {
            let count = Int.random(in: 0...200, using: &generator)
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            await Self.check(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// A named input, so that test output stays short.
    struct Pathological: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var testDescription: String { name }
    }

    @Test(arguments: [
        Pathological(name: "10,000 [", text: String(repeating: "[", count: 10_000)),
        Pathological(name: "10,000 {", text: String(repeating: "{", count: 10_000)),
        Pathological(
            name: "10,000 balanced [ ]",
            text: String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        ),
        Pathological(name: "5,000 {a: ", text: String(repeating: "{a: ", count: 5_000)),
        Pathological(name: "5,000 nested - ", text: String(repeating: "- ", count: 5_000) + "x\n"),
        Pathological(
            name: "400 nested block mappings",
            text: (0..<400).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
        ),
        Pathological(name: "2,000 self-referencing anchors", text: String(repeating: "&a [*a, ", count: 2_000)),
        Pathological(name: "2,000 unknown aliases", text: String(repeating: "- *unknown\n", count: 2_000)),
        Pathological(name: "a 200,000-character scalar", text: "a: " + String(repeating: "x", count: 200_000) + "\n"),
        Pathological(name: "9,999 backslashes", text: "a: \"" + String(repeating: "\\", count: 9_999)),
    ])
    func pathologicalInputsFinish(_ input: Pathological) async {
        await Self.check(input.text, limit: .seconds(5))
    }

    @Test func quadraticBlowUpThroughAliasesIsBounded() {
        // Each anchor is a list repeating the previous one: 2^40 values if expanded.
        var text = "a0: &a0 [x, x]\n"
        for level in 1...40 { text += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        let diagnostics = parseFailure(text)
        #expect(diagnostics.first?.message.contains("1,000,000") == true)
    }
}

@Suite struct YAMLPerformanceTests {
    /// A job file with 10,000 steps, about 60,000 lines.
    static func largeJob() -> String {
        var text = "easel: 1\nname: large\nvars:\n  account: sis_account_id:ENG\nsteps:\n"
        text.reserveCapacity(2_000_000)
        for index in 0..<10_000 {
            text += """
                  - id: step\(index)
                    request: PUT /api/v1/courses/${{ item.output.id }}
                    body: { course: { event: offer, name: "Course \(index)" } }
                    key:
                      sis_course_id: ${{ item.sis_course_id }}

                """
        }
        return text
    }

    @Test func tenThousandStepsKeepTheirPositions() throws {
        let text = Self.largeJob()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(lines > 50_000)
        let node = try YAMLParser.parse(SourceFile(path: "large.yaml", text: text))
        let steps = try #require(node?["steps"]?.sequence)
        #expect(steps.count == 10_000)
        #expect(steps.last?["id"]?.text == "step9999")
        #expect(steps.last?["id"]?.range.start == Diagnostics.SourceLocation(line: lines - 5, column: 9))
    }
}
