import OrderedCollections

extension JSONValue {
    private static let unknownMarkerKey = "$easel.unknown"

    /// A placeholder for a value that is only known after a write (the id of a course that the plan would
    /// create, say). Expressions that read it evaluate to another unknown; plans show it as
    /// `(known after apply)`.
    public static func unknown(_ reason: String) -> JSONValue {
        .object([unknownMarkerKey: .string(reason)])
    }

    /// Whether this value is the placeholder of a value only known after a write.
    public var isUnknown: Bool {
        guard case .object(let members) = self, members.count == 1, let reason = members[Self.unknownMarkerKey]
        else { return false }
        return reason.stringValue != nil
    }

    /// What the unknown value stands for, if this is one.
    public var unknownReason: String? {
        isUnknown ? self[Self.unknownMarkerKey]?.stringValue : nil
    }

    /// Whether this value or anything inside it is unknown.
    public var containsUnknown: Bool {
        if isUnknown { return true }
        switch self {
        case .array(let elements): return elements.contains { $0.containsUnknown }
        case .object(let members): return members.values.contains { $0.containsUnknown }
        default: return false
        }
    }
}
