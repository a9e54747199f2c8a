import Diagnostics

/// A problem found while reading a YAML document; `diagnostic(file:)` words it for a Canvas admin.
enum YAMLError: Error, Sendable {
    /// libyaml could not read the text.
    case syntax(LibYAMLError, Site)
    /// An unquoted `${{ … }}` inside `{ }` or `[ ]`, which YAML's flow style cannot hold.
    case expressionInFlowCollection(at: SourceRange)
    /// A key written twice in one mapping.
    case duplicateKey(String, at: SourceRange, firstAt: SourceRange)
    /// A second document (`---`) in the file.
    case multipleDocuments(at: SourceRange)
    /// An alias `*name` with no anchor `&name` before it.
    case unknownAlias(String, at: SourceRange, suggestion: String?)
    /// An alias inside the node its anchor names.
    case recursiveAlias(String, at: SourceRange)
    /// More values than the limit once aliases are expanded.
    case tooManyNodes(limit: Int, at: SourceRange)
    /// Collections nested deeper than the limit.
    case tooDeep(limit: Int, at: SourceRange)
    /// A merge key `<<` whose value is not a mapping or a list of mappings.
    case invalidMergeValue(at: SourceRange)

    /// Where a syntax error is, and what is written there.
    struct Site: Sendable {
        /// The position libyaml stopped at, if known.
        var location: SourceLocation?
        /// The character at that position.
        var character: Unicode.Scalar?
        /// Whether the line holds a `${{`, which may need quoting.
        var lineHasExpression: Bool
    }
}
