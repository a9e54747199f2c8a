import OrderedCollections

extension JSONValue {
    /// The key of the one-member object that stands for an unknown value in a saved plan file.
    public static let unknownMarkerKey = "$easel.unknown"

    /// Whether this value is the placeholder of a value only known after a write.
    public var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// What the unknown value stands for, if this is one.
    public var unknownReason: String? {
        if case .unknown(let reason) = self { return reason }
        return nil
    }

    /// Whether this value or anything inside it is unknown.
    public var containsUnknown: Bool {
        switch self {
        case .unknown: return true
        case .array(let elements): return elements.contains { $0.containsUnknown }
        case .object(let members): return members.values.contains { $0.containsUnknown }
        default: return false
        }
    }

    /// This value as a saved plan file writes it: each unknown as a one-member object `{"$easel.unknown": reason}`.
    public var markingUnknowns: JSONValue {
        switch self {
        case .unknown(let reason): return .object([Self.unknownMarkerKey: .string(reason)])
        case .array(let elements): return .array(elements.map(\.markingUnknowns))
        case .object(let members): return .object(members.mapValues(\.markingUnknowns))
        default: return self
        }
    }

    /// This value read back from a saved plan file: each one-member object `{"$easel.unknown": reason}` an unknown.
    ///
    /// Only plan files are read this way: they are Easel's own output, while data from Canvas is never read so.
    public var restoringUnknowns: JSONValue {
        switch self {
        case .array(let elements):
            return .array(elements.map(\.restoringUnknowns))
        case .object(let members):
            if members.count == 1, let reason = members[Self.unknownMarkerKey]?.stringValue { return .unknown(reason) }
            return .object(members.mapValues(\.restoringUnknowns))
        default:
            return self
        }
    }
}
