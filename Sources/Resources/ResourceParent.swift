public import JSONValues

/// The object an `ensure` item lives in (its `in:`): an account for a course, a course for a section.
public struct ResourceParent: Sendable, Hashable {
    /// What kind of object a parent is.
    public enum Kind: String, Sendable, Hashable {
        /// An account: `self`, an id, or `sis_account_id:…`.
        case account
        /// A course: an id or `sis_course_id:…`.
        case course
        /// A group category (group set): an id or `sis_group_category_id:…`.
        case groupCategory = "group category"
    }

    /// The parent's kind.
    public var kind: Kind
    /// The id as the job gives it: `self`, `42`, `sis_account_id:ENG`, or unknown until apply.
    public var id: JSONValue

    /// A parent.
    public init(kind: Kind, id: JSONValue) {
        self.kind = kind
        self.id = id
    }

    /// Whether the parent is only known after apply (a course this run creates).
    public var isUnknown: Bool { id.containsUnknown }

    /// The id as one path segment's text (not yet percent-encoded).
    public var idText: String { id.interpolated }
}
