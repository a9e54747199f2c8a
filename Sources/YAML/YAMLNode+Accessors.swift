extension YAMLNode {
    /// The scalar, if this node is one.
    public var scalar: Scalar? {
        if case .scalar(let scalar) = kind { return scalar }
        return nil
    }

    /// The elements, if this node is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The pairs, if this node is a mapping.
    public var mapping: [Pair]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// Whether this node is a null: a plain `~`, `null`, `Null`, `NULL` or nothing at all (an empty value), or a
    /// scalar tagged `!!null`.
    public var isNull: Bool {
        guard let scalar else { return false }
        return YAMLScalarValue(resolving: scalar) == .null
    }

    /// The value of the pair whose key is a scalar with this text, if this node is a mapping that has one.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar?.text == key }?.value
    }

    /// The scalar's value under the YAML 1.2 core schema, or nil for a collection or for a scalar whose tag asks
    /// for a type its text is not (such as `!!int abc`).
    public var scalarValue: YAMLScalarValue? {
        scalar.flatMap(YAMLScalarValue.init(resolving:))
    }
}
