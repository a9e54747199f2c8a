import Diagnostics

/// Turns scalar offsets in a YAML scalar's text into positions in the job file.
///
/// Positions are exact for a single-line scalar; for a multi-line one (folded or block), the text no longer
/// maps column for column onto the file, so every span falls back to the scalar's own range.
struct SourcePositionMap: Sendable {
    private let start: SourceLocation?
    private let fallback: SourceRange?
    private let isExact: Bool

    init(text: [Unicode.Scalar], start: SourceLocation?, scalarRange: SourceRange?) {
        self.start = start
        self.fallback = scalarRange ?? start.map { SourceRange(at: $0) }
        self.isExact = start != nil && !text.contains { $0 == "\n" || $0 == "\r" }
    }

    /// The span from `lower` to `upper` (scalar offsets, `upper` exclusive).
    func range(_ lower: Int, _ upper: Int) -> SourceRange? {
        guard isExact, let start else { return fallback }
        return SourceRange(start: start.advanced(by: lower), end: start.advanced(by: upper))
    }
}
