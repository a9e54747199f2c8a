import Diagnostics

/// One libyaml parse event, converted to Swift values (positions already 1-based).
enum YAMLEvent {
    /// The stream begins.
    case streamStart
    /// The stream ends: no more events follow.
    case streamEnd
    /// A document begins (at its `---`, or at its first token when the marker is implicit).
    case documentStart(SourceRange)
    /// The current document ends, with `...` when explicit.
    case documentEnd(isExplicit: Bool)
    /// An alias `*name`.
    case alias(name: String, range: SourceRange)
    /// A scalar, with its anchor if it has one.
    case scalar(YAMLNode.Scalar, anchor: String?, range: SourceRange)
    /// A sequence opens.
    case sequenceStart(anchor: String?, isFlow: Bool, range: SourceRange)
    /// The innermost open sequence closes.
    case sequenceEnd(SourceRange)
    /// A mapping opens.
    case mappingStart(anchor: String?, isFlow: Bool, range: SourceRange)
    /// The innermost open mapping closes.
    case mappingEnd(SourceRange)
}
