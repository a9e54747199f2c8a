public import JSONValues

/// One field whose live value differs from the desired one.
public struct FieldChange: Sendable, Hashable {
    /// The field's name, as the job file writes it.
    public var field: String
    /// The live value (normalised), or nil when the object does not exist yet.
    public var before: JSONValue?
    /// The desired value (normalised); may be unknown until apply.
    public var after: JSONValue
    /// What the plan shows beside the new value: for a time written without an offset, the local value and the
    /// zone Canvas reads it in (`2026-12-20 in America/Chicago`).
    public var note: String? = nil

    /// A change.
    public init(field: String, before: JSONValue?, after: JSONValue) {
        self.field = field
        self.before = before
        self.after = after
    }

    /// Whether the new value is only known after apply.
    public var isKnownAfterApply: Bool { after.containsUnknown }

    /// The new value as a plan shows it.
    public var renderedAfter: String { Self.render(after) + (note.map { " (\($0))" } ?? "") }

    /// The old value as a plan shows it.
    public var renderedBefore: String { before.map(Self.render) ?? "(none)" }

    /// A value as a plan shows it: `(known after apply)` for unknown values, JSON otherwise.
    public static func render(_ value: JSONValue) -> String {
        value.containsUnknown ? "(known after apply)" : value.serialized()
    }
}

extension FieldChange: CustomStringConvertible {
    public var description: String { "\(field): \(renderedBefore) → \(renderedAfter)" }
}
