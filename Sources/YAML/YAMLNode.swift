public import Diagnostics

/// One node of a parsed YAML document: a scalar, a sequence or a mapping, with the span of source it came from.
///
/// Positions are 1-based; columns count Unicode scalars, as libyaml does. Aliases are already resolved (an alias
/// is a copy of its anchored node, positions included) and merge keys (`<<`) already applied.
public struct YAMLNode: Sendable, Hashable {
    /// What a node holds.
    public enum Kind: Sendable, Hashable {
        /// A single value, as written.
        case scalar(Scalar)
        /// A list, in document order.
        case sequence([YAMLNode])
        /// Key–value pairs, in document order; keys are unique.
        case mapping([Pair])
    }

    /// What the node holds.
    public var kind: Kind
    /// Where the node is written: from its first character (its anchor or tag, if any) to just after its last
    /// (for a scalar: its text, quotes included; for a block collection: the end of its last entry).
    public var range: SourceRange
    /// For collections: whether the node is written in flow style (`{ }` or `[ ]`); false for scalars.
    public var isFlow: Bool

    /// Creates a node.
    public init(kind: Kind, range: SourceRange, isFlow: Bool = false) {
        self.kind = kind
        self.range = range
        self.isFlow = isFlow
    }
}
