/// One `name=value` pair of a query string or form body, before percent-encoding.
public struct QueryParameter: Sendable, Hashable {
    /// The name, brackets included (`course[name]`, `include[]`).
    public var name: String
    /// The value as text.
    public var value: String

    /// A pair.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension QueryParameter: CustomStringConvertible {
    public var description: String { "\(name)=\(value)" }
}
