import Diagnostics

/// The text split into lines of Unicode scalars, where libyaml splits them; built only to explain an error.
struct SourceLines {
    private var lines: [[Unicode.Scalar]] = [[]]
    private var lineStartByteOffsets: [Int] = [0]

    /// Splits the text at line breaks as libyaml sees them: LF, CR, CR LF, NEL, LS and PS.
    init(_ text: String) {
        var byteOffset = 0
        var previousWasCarriageReturn = false
        for scalar in text.unicodeScalars {
            byteOffset += UTF8.width(scalar)
            if scalar == "\n" && previousWasCarriageReturn {
                lineStartByteOffsets[lineStartByteOffsets.count - 1] = byteOffset
                previousWasCarriageReturn = false
                continue
            }
            previousWasCarriageReturn = scalar == "\r"
            if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                lines.append([])
                lineStartByteOffsets.append(byteOffset)
            } else {
                lines[lines.count - 1].append(scalar)
            }
        }
    }

    /// The scalars of a 1-based line, empty past the end.
    func line(_ number: Int) -> [Unicode.Scalar] {
        lines.indices.contains(number - 1) ? lines[number - 1] : []
    }

    /// The character at a location, if there is one.
    func scalar(at location: SourceLocation) -> Unicode.Scalar? {
        let line = line(location.line)
        return line.indices.contains(location.column - 1) ? line[location.column - 1] : nil
    }

    /// The location of a byte offset into the UTF-8 text (libyaml's reader reports offsets, not marks).
    func location(ofByteOffset offset: Int) -> SourceLocation {
        var lineIndex = 0
        while lineIndex + 1 < lineStartByteOffsets.count, lineStartByteOffsets[lineIndex + 1] <= offset {
            lineIndex += 1
        }
        var byte = lineStartByteOffsets[lineIndex]
        var column = 1
        for scalar in lines[lineIndex] {
            byte += UTF8.width(scalar)
            if byte > offset { break }
            column += 1
        }
        return SourceLocation(line: lineIndex + 1, column: column)
    }

    /// Whether a line holds `${{`.
    func containsExpression(line number: Int) -> Bool {
        let line = line(number)
        return line.indices.contains { Self.isExpressionStart(line, at: $0) }
    }

    /// The first `${{ … }}` written outside quotes and comments inside a flow collection, searching from `start` to
    /// the end of line `lastLine`; when `start` is not a flow collection's opening bracket, only after a `{` or
    /// `[` found on the way.
    func firstUnquotedExpression(from start: SourceLocation, throughLine lastLine: Int) -> SourceRange? {
        var quote: Unicode.Scalar?
        var flowDepth = 0
        for lineNumber in start.line...max(start.line, lastLine) {
            let line = line(lineNumber)
            var index = lineNumber == start.line ? start.column - 1 : 0
            while index < line.count {
                let scalar = line[index]
                let previous: Unicode.Scalar = index > 0 ? line[index - 1] : " "
                if let open = quote {
                    if scalar == "\\" && open == "\"" {
                        index += 1
                    } else if scalar == open {
                        quote = nil
                    }
                } else if Self.isExpressionStart(line, at: index) {
                    if flowDepth > 0 { return Self.expressionRange(in: line, lineNumber: lineNumber, at: index) }
                    index += 2
                } else if scalar == "#" && (previous == " " || previous == "\t" || index == 0) {
                    break
                } else if (scalar == "\"" || scalar == "'") && " \t[{,:".unicodeScalars.contains(previous) {
                    quote = scalar
                } else if scalar == "[" || scalar == "{" {
                    flowDepth += 1
                } else if (scalar == "]" || scalar == "}") && flowDepth > 0 {
                    flowDepth -= 1
                }
                index += 1
            }
        }
        return nil
    }

    private static func isExpressionStart(_ line: [Unicode.Scalar], at index: Int) -> Bool {
        index + 2 < line.count && line[index] == "$" && line[index + 1] == "{" && line[index + 2] == "{"
    }

    /// The span of `${{ … }}` from its `$` to just after its `}}`, or of `${{` alone when it does not close.
    private static func expressionRange(in line: [Unicode.Scalar], lineNumber: Int, at index: Int) -> SourceRange {
        let start = SourceLocation(line: lineNumber, column: index + 1)
        var end = start.advanced(by: 3)
        var closing = index + 3
        while closing + 1 < line.count {
            if line[closing] == "}" && line[closing + 1] == "}" {
                end = SourceLocation(line: lineNumber, column: closing + 3)
                break
            }
            closing += 1
        }
        return SourceRange(start: start, end: end)
    }
}
