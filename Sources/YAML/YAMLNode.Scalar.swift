extension YAMLNode {
    /// A scalar as written: its text after unescaping and folding, its style and its tag.
    public struct Scalar: Sendable, Hashable {
        /// The value's text, with quotes removed, escapes resolved and block scalars folded.
        public var text: String
        /// How the scalar is written.
        public var style: ScalarStyle
        /// The resolved tag, if one is written: `!!str` reads as `tag:yaml.org,2002:str`, a local tag such as
        /// `!x` stays `!x`, and a lone `!` stays `!`.
        public var tag: String?

        /// Creates a scalar.
        public init(text: String, style: ScalarStyle = .plain, tag: String? = nil) {
            self.text = text
            self.style = style
            self.tag = tag
        }
    }

    /// How a scalar is written.
    public enum ScalarStyle: Sendable, Hashable {
        /// Unquoted: `value`.
        case plain
        /// In single quotes: `'value'`.
        case singleQuoted
        /// In double quotes, with escapes: `"value"`.
        case doubleQuoted
        /// A literal block, line breaks kept: `|`.
        case literal
        /// A folded block, line breaks folded into spaces: `>`.
        case folded
    }
}
