public import JSONValues

/// The object an `ensure` item lives in (its `in:`): an account for a course, a course for a section, a course or
/// a section for an enrollment.
public struct ResourceParent: Sendable, Hashable {
    /// What kind of object a parent is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// An account: `self`, an id, or `sis_account_id:…`.
        case account
        /// A course: an id or `sis_course_id:…`.
        case course
        /// A section of a course: `sis_section_id:…` or `section:<id>`.
        case section
        /// A group category (group set): an id or `sis_group_category_id:…`.
        case groupCategory = "group category"
    }

    /// The parent's kind.
    public var kind: Kind
    /// The id as Canvas paths take it: `self`, `42`, `sis_account_id:ENG`, or unknown until apply.
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

extension ResourceParent.Kind {
    /// The id forms Canvas takes for an object of this kind besides its plain id (CANVAS-API.md 3.2), in the
    /// order messages list them; the first names only this kind.
    public var idPrefixes: [String] {
        switch self {
        case .account: ["sis_account_id", "sis_integration_id", "lti_context_id", "uuid"]
        case .course: ["sis_course_id", "sis_integration_id", "lti_context_id", "uuid"]
        case .section: ["sis_section_id", "sis_integration_id"]
        case .groupCategory: ["sis_group_category_id"]
        }
    }

    /// How `in:` names a parent of this kind by its Canvas id: `42` for the kind a step's objects usually live
    /// in, `section:42` for a section (where a plain number would name the course).
    public var idWord: String {
        switch self {
        case .account: "account"
        case .course: "course"
        case .section: "section"
        case .groupCategory: "group_category"
        }
    }

    /// The forms of `in:` that name a parent of this kind, as messages and documentation show them; `isPrimary`
    /// when a plain id names this kind.
    public func forms(isPrimary: Bool) -> [String] {
        var forms: [String] = []
        if self == .account { forms.append("self") }
        forms.append(isPrimary ? "42 (\(self == .account ? "an" : "a") \(rawValue) id)" : "\(idWord):42")
        forms.append(idPrefixes[0] + ":…")
        return forms
    }
}
