public import JSONValues

/// One field an `ensure` step may name under `set:` or `key:`: its type, where Canvas returns it, and which
/// form parameter writes it.
public struct ResourceField: Sendable {
    /// When a field may be written.
    public enum Writability: Sendable, Hashable {
        /// On create and update.
        case always
        /// Only when the object is created (a user's login, an enrollment's user).
        case createOnly
        /// On create; changing it replaces the object, since Canvas cannot change it in place (an enrollment's
        /// section: Canvas enrolls the user in the new section, and the old enrollment is deleted).
        case replacing
        /// Never: only used to find the object.
        case lookupOnly
    }

    /// The name in the job file.
    public let name: String
    /// How the value is read and compared.
    public let type: FieldType
    /// The members of Canvas's object holding the value, tried in order (`term_id` comes back as
    /// `enrollment_term_id`).
    public let liveKeys: [String]
    /// The form parameter's nesting (`["course", "name"]` for `course[name]`), or empty when not sent.
    public let parameter: [String]
    /// When the field may be written.
    public let writability: Writability
    /// What the field means, for error messages and documentation.
    public let summary: String
    /// Whether the value is a secret (a login's password): sent to Canvas, never shown in a plan, a plan file, the
    /// journal or a message, where only its length appears.
    public let isSecret: Bool
    /// Words that Canvas wants spelled differently on the wire (a course's `available` is the event `offer`).
    public let wireWords: [String: String]
    /// For a reference: the path that reads the referenced object from an id form such as `sis_term_id:…`, so
    /// the id Canvas returns can be compared with it.
    let referencePath: (@Sendable (String) -> String)?

    /// A field; `liveKeys` defaults to the name.
    public init(
        _ name: String,
        _ type: FieldType,
        parameter: [String],
        liveKeys: [String]? = nil,
        writability: Writability = .always,
        isSecret: Bool = false,
        wireWords: [String: String] = [:],
        summary: String = "",
        referencePath: (@Sendable (String) -> String)? = nil
    ) {
        self.name = name
        self.type = type
        self.parameter = parameter
        self.liveKeys = liveKeys ?? [name]
        self.writability = writability
        self.isSecret = isSecret
        self.wireWords = wireWords
        self.referencePath = referencePath
        self.summary = summary
    }

    /// How a value of the field is shown: a secret as `(secret, 12 characters)`, anything else as it is.
    public func shown(_ value: JSONValue) -> JSONValue {
        guard isSecret, !value.containsUnknown, !value.isNull else { return value }
        let count = value.stringValue?.count ?? value.interpolated.count
        return .string("(secret, \(count) character\(count == 1 ? "" : "s"))")
    }

    /// The field's value in a live Canvas object, from the first live key present.
    public func liveValue(in object: JSONValue) -> JSONValue? {
        for key in liveKeys {
            if let value = object[key] { return value }
        }
        return nil
    }

    /// The value as a form parameter would send it: booleans as booleans, numbers as numbers, times in
    /// Canvas's canonical form, the rest as given.
    public func parameterValue(_ value: JSONValue) -> JSONValue {
        parameterValue(value, in: nil)
    }

    /// The value as a form parameter would send it, a time without an offset read in `zone` and sent in UTC, so
    /// that Canvas stores the instant the plan showed.
    public func parameterValue(_ value: JSONValue, in zone: CanvasTimeZone?) -> JSONValue {
        guard !value.isUnknown else { return value }
        switch type {
        case .boolean, .integer, .number, .date, .wordList, .timeZone:
            return type.normalized(value, in: zone) ?? value
        case .choice:
            let word = type.normalized(value) ?? value
            return word.stringValue.flatMap { wireWords[$0] }.map(JSONValue.string) ?? word
        case .text, .caseInsensitiveText, .html, .reference:
            return value
        }
    }
}
