/// A position in a source file: a 1-based line and a 1-based column.
///
/// Columns count Unicode scalars, as libyaml does. Positions are converted to this form once, where they
/// enter Easel (the YAML layer), and nothing downstream adds or subtracts 1.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }

    /// This location moved right by `offset` columns on the same line.
    public func advanced(by offset: Int) -> SourceLocation {
        SourceLocation(line: line, column: column + offset)
    }
}

/// A span of source text: `start` inclusive, `end` exclusive.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    /// The first position of the span.
    public var start: SourceLocation
    /// The position just after the span.
    public var end: SourceLocation

    /// Creates a range from its bounds.
    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at one location.
    public init(at location: SourceLocation) {
        self.init(start: location, end: location)
    }

    public var description: String { "\(start)-\(end)" }
}
