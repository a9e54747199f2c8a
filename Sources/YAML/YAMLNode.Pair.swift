extension YAMLNode {
    /// One entry of a mapping.
    public struct Pair: Sendable, Hashable {
        /// The key, usually a scalar.
        public var key: YAMLNode
        /// The value.
        public var value: YAMLNode

        /// Creates a pair.
        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }
    }
}
