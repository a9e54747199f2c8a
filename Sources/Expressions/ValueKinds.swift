import JSONValues

/// The types a function accepts for one argument.
struct ValueKinds: OptionSet, Sendable, Hashable {
    let rawValue: Int

    init(rawValue: Int) {
        self.rawValue = rawValue
    }

    static let null = ValueKinds(rawValue: 1 << 0)
    static let boolean = ValueKinds(rawValue: 1 << 1)
    static let number = ValueKinds(rawValue: 1 << 2)
    static let string = ValueKinds(rawValue: 1 << 3)
    static let array = ValueKinds(rawValue: 1 << 4)
    static let object = ValueKinds(rawValue: 1 << 5)

    static let any: ValueKinds = [.null, .boolean, .number, .string, .array, .object]
    static let scalar: ValueKinds = [.boolean, .number, .string]

    /// The kind of one value.
    init(of value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool: self = .boolean
        case .int, .double: self = .number
        case .string: self = .string
        case .array: self = .array
        // Evaluation stops at an unknown before it checks kinds; counted as an object, as it was written before.
        case .object, .unknown: self = .object
        }
    }

    /// The kinds in words, as in "a string or an array".
    var phrase: String {
        let names: [(ValueKinds, String)] = [
            (.string, "a string"), (.number, "a number"), (.boolean, "a boolean"), (.array, "an array"),
            (.object, "an object"), (.null, "null"),
        ]
        let words = names.filter { contains($0.0) }.map(\.1)
        guard words.count > 1, let last = words.last else { return words.first ?? "nothing" }
        return words.dropLast().joined(separator: ", ") + " or " + last
    }
}
