import Diagnostics
import Expressions

/// A test text with emoji markers (1️⃣, 2️⃣ …) where diagnostics should point; the markers are removed.
struct MarkedText {
    private static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]

    /// The text without markers.
    let text: String
    /// The 0-based scalar offset of each marker, by marker.
    let offsets: [Character: Int]

    init(_ marked: String) {
        var text = ""
        var offsets: [Character: Int] = [:]
        for character in marked {
            if Self.markers.contains(character) {
                offsets[character] = text.unicodeScalars.count
            } else {
                text.append(character)
            }
        }
        self.text = text
        self.offsets = offsets
    }

    /// Where a marker is, when the text starts at `start`.
    func location(of marker: Character, from start: SourceLocation) -> SourceLocation? {
        offsets[marker].map { start.advanced(by: $0) }
    }
}

/// Where test templates start: somewhere that is not 1:1, so that offsets are really added.
let testStart = SourceLocation(line: 7, column: 12)

/// Parses a template at `testStart`, returning it and the diagnostics.
func parseTemplate(_ text: String) -> (Template, [Diagnostic]) {
    var diagnostics = DiagnosticCollector()
    let template = Template.parse(text, at: testStart, range: nil, into: &diagnostics)
    return (template, diagnostics.all)
}

/// Parses one whole-value expression that must be free of syntax errors.
func parseExpression(_ source: String) throws -> Expression {
    let (template, diagnostics) = parseTemplate("${{ \(source) }}")
    guard diagnostics.isEmpty, let expression = template.wholeExpression else {
        throw TestFailure("could not parse '\(source)': \(diagnostics)")
    }
    return expression
}

/// A failed precondition of a test.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
