/// A parameter name in Canvas's bracket nesting (`course[name]`, `include[]`, `enrollment[sis_user_id]`), split
/// into its parts with every `[]` dropped, as Canvas's own API description writes names.
public struct ParameterName: Sendable, Hashable, CustomStringConvertible {
    /// The name as written.
    public let text: String
    /// The parts: `course[name]` is `course`, `name`; `include[]` is `include`.
    public let parts: [String]
    /// Whether the name (or one of its parts) says an array (`[]`).
    public let isArray: Bool

    /// Splits a name written in Canvas's bracket form.
    public init(_ text: String) {
        self.text = text
        var parts: [String] = []
        var current = ""
        var isArray = false
        for character in text {
            switch character {
            case "[":
                if !current.isEmpty || parts.isEmpty { parts.append(current) }
                current = ""
            case "]":
                if current.isEmpty { isArray = true } else { parts.append(current) }
                current = ""
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current) }
        self.parts = parts
        self.isArray = isArray
    }

    /// Creates a name from its parts.
    public init(parts: [String], isArray: Bool = false) {
        self.parts = parts
        self.isArray = isArray
        self.text = (parts.first ?? "") + parts.dropFirst().map { "[\($0)]" }.joined() + (isArray ? "[]" : "")
    }

    public var description: String { text }

    /// Whether this documented name accepts `key`: the same parts, where a documented part written `<…>`, `X` or
    /// `*` stands for any one part.
    func accepts(_ key: ParameterName) -> Bool {
        parts.count == key.parts.count && zip(parts, key.parts).allSatisfy(Self.part(_:accepts:))
    }

    /// Whether this documented name is a prefix of `key`'s parts (for `object` parameters, which take any sub-keys).
    func isPrefix(of key: ParameterName) -> Bool {
        parts.count < key.parts.count && zip(parts, key.parts).allSatisfy(Self.part(_:accepts:))
    }

    private static func part(_ documented: String, accepts given: String) -> Bool {
        documented == given || documented == "X" || documented == "*" || documented.hasPrefix("<")
    }
}
