/// How Easel reads and compares one field of a Canvas object, so that a value written one way in a job file
/// and returned another way by Canvas counts as the same.
public enum FieldType: Sendable, Hashable {
    /// Text compared exactly; an empty string is the same as no value.
    case text
    /// Text compared without regard to case (logins, email addresses).
    case caseInsensitiveText
    /// A boolean; `"true"`, `"1"`, `"yes"` and `"on"` read as true, as Canvas reads form values.
    case boolean
    /// A whole number; numeric strings read as numbers.
    case integer
    /// A number; `5`, `5.0` and `"5"` are the same.
    case number
    /// An ISO 8601 time; values that name the same instant (any zone, with or without fractional seconds) are
    /// the same.
    case date
    /// HTML, compared with insignificant whitespace removed.
    case html
    /// A Canvas object id: a number, a numeric string, or a SIS form such as `sis_term_id:2026FA`.
    case reference
    /// One of a fixed set of words.
    case choice([String])
    /// A list of words whose order does not matter (`submission_types`).
    case wordList
    /// A time zone: an IANA name, or a Rails name that Canvas answers with its IANA name
    /// (`Central Time (US & Canada)` is `America/Chicago`).
    case timeZone

    /// How the type is named in error messages.
    public var displayName: String {
        switch self {
        case .text, .caseInsensitiveText, .html: "text"
        case .boolean: "true or false"
        case .integer: "a whole number"
        case .number: "a number"
        case .date: "an ISO 8601 time such as 2026-08-24T09:00:00Z"
        case .reference: "a Canvas id or a SIS id such as sis_term_id:2026FA"
        case .choice(let words): "one of " + words.joined(separator: ", ")
        case .wordList: "a list of words"
        case .timeZone: "a time zone such as America/Chicago"
        }
    }
}
