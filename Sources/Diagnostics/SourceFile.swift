/// A text file that diagnostics point into: its path, as the user gave it, and its content.
public struct SourceFile: Sendable, Hashable {
    /// The path shown in diagnostics (relative paths stay relative).
    public let path: String
    /// The whole text of the file.
    public let text: String

    /// Creates a source file from its path and text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The text of a 1-based line, without its line break, or nil past the end of the file.
    public func line(_ number: Int) -> Substring? {
        guard number >= 1 else { return nil }
        var current = 1
        var lineStart = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" || character == "\r\n" || character == "\r" {
                if current == number { return text[lineStart..<index] }
                current += 1
                lineStart = text.index(after: index)
            }
            index = text.index(after: index)
        }
        return current == number ? text[lineStart..<text.endIndex] : nil
    }
}
