/// How the objects of one `ensure` kind are written as rows of a Canvas SIS import CSV file: the file, the column
/// of each field, and which SIS id the key, the parent and the references must give.
public struct SISRowFormat: Sendable {
    /// Where a field's value goes in the row.
    public struct Column: Sendable, Hashable {
        /// The CSV column.
        public let name: String
        /// The key in the live object that holds the current value, to keep it when the job does not set the field.
        public let liveKey: String?
        /// The SIS id form the value must have (`sis_section_id`), for a field that references another object.
        public let sisPrefix: String?
        /// Whether the value is sent only on a create (a password).
        public let createOnly: Bool

        init(_ name: String, live liveKey: String? = nil, sisPrefix: String? = nil, createOnly: Bool = false) {
            self.name = name
            self.liveKey = liveKey
            self.sisPrefix = sisPrefix
            self.createOnly = createOnly
        }
    }

    /// The `ensure` kind.
    public let kind: String
    /// The CSV file's name: `users.csv`.
    public let file: String
    /// The key field that holds the object's SIS id, and its column.
    public let keyField: String
    /// The key field's column.
    public let keyColumn: String
    /// The SIS id form the key's value must have, when it is a reference (an enrollment's `user_id`).
    public let keySISPrefix: String?
    /// The parent's SIS id form and its column, by the parent's prefix; `self` (the root account) gives an empty
    /// cell in `rootColumn`.
    public let parentColumns: [String: String]
    /// The column `in: self` fills with an empty cell, when the file has one.
    public let rootColumn: String?
    /// Each field the file can carry, with its column.
    public let columns: [String: Column]
    /// Columns every row must fill, from the job or the live object.
    public let required: [String]
    /// The `status` cell of an object that should exist, from a field's value when the job sets it.
    public let statusField: String?
    /// A field value's `status` word, for kinds whose status is a field (`enrollment_state: inactive`).
    public let statusWords: [String: String]
    /// The `status` word of a delete, by the delete option's value (an enrollment's `task`), or under "" by default.
    public let deleteStatus: [String: String]
}

extension SISRowFormat {
    /// The SIS CSV format of `kind`, or nil when Canvas has no SIS file for it.
    public static func named(_ kind: String) -> SISRowFormat? { all[kind] }

    /// The kinds that can be sent as SIS imports, in the order Canvas processes their files.
    public static let supportedKinds = ["term", "course", "section", "user", "enrollment"]

    private static let all: [String: SISRowFormat] = [
        "user": SISRowFormat(
            kind: "user", file: "users.csv", keyField: "sis_user_id", keyColumn: "user_id", keySISPrefix: nil,
            parentColumns: [:], rootColumn: nil,
            columns: [
                "login_id": Column("login_id", live: "login_id"),
                "unique_id": Column("login_id", live: "login_id"),
                "integration_id": Column("integration_id", live: "integration_id"),
                "password": Column("password", createOnly: true),
                "name": Column("full_name", live: "name"),
                "short_name": Column("short_name", live: "short_name"),
                "sortable_name": Column("sortable_name", live: "sortable_name"),
                "email": Column("email", live: "email"),
            ],
            required: ["login_id"], statusField: nil, statusWords: [:], deleteStatus: ["": "deleted"]),
        "term": SISRowFormat(
            kind: "term", file: "terms.csv", keyField: "sis_term_id", keyColumn: "term_id", keySISPrefix: nil,
            parentColumns: [:], rootColumn: nil,
            columns: [
                "name": Column("name", live: "name"),
                "start_at": Column("start_date", live: "start_at"),
                "end_at": Column("end_date", live: "end_at"),
            ],
            required: ["name"], statusField: nil, statusWords: [:], deleteStatus: ["": "deleted"]),
        "course": SISRowFormat(
            kind: "course", file: "courses.csv", keyField: "sis_course_id", keyColumn: "course_id",
            keySISPrefix: nil, parentColumns: ["sis_account_id": "account_id"], rootColumn: "account_id",
            columns: [
                "integration_id": Column("integration_id", live: "integration_id"),
                "name": Column("long_name", live: "name"),
                "course_code": Column("short_name", live: "course_code"),
                "term_id": Column("term_id", sisPrefix: "sis_term_id"),
                "start_at": Column("start_date", live: "start_at"),
                "end_at": Column("end_date", live: "end_at"),
                "workflow_state": Column("status"),
            ],
            required: ["short_name", "long_name"], statusField: "workflow_state",
            statusWords: ["available": "published", "completed": "completed", "unpublished": "active"],
            deleteStatus: ["": "deleted"]),
        "section": SISRowFormat(
            kind: "section", file: "sections.csv", keyField: "sis_section_id", keyColumn: "section_id",
            keySISPrefix: nil, parentColumns: ["sis_course_id": "course_id"], rootColumn: nil,
            columns: [
                "integration_id": Column("integration_id", live: "integration_id"),
                "name": Column("name", live: "name"),
                "start_at": Column("start_date", live: "start_at"),
                "end_at": Column("end_date", live: "end_at"),
            ],
            required: ["name"], statusField: nil, statusWords: [:], deleteStatus: ["": "deleted"]),
        "enrollment": SISRowFormat(
            kind: "enrollment", file: "enrollments.csv", keyField: "user_id", keyColumn: "user_id",
            keySISPrefix: "sis_user_id",
            parentColumns: ["sis_course_id": "course_id", "sis_section_id": "section_id"], rootColumn: nil,
            columns: [
                "type": Column("role"),
                "enrollment_state": Column("status"),
                "course_section_id": Column("section_id", sisPrefix: "sis_section_id"),
                "limit_privileges_to_course_section": Column("limit_section_privileges", createOnly: true),
                "start_at": Column("start_date", createOnly: true),
                "end_at": Column("end_date", createOnly: true),
            ],
            required: ["role"], statusField: "enrollment_state",
            statusWords: ["active": "active", "inactive": "inactive"],
            deleteStatus: [
                "": "completed", "conclude": "completed", "delete": "deleted", "deactivate": "inactive",
                "inactivate": "inactive",
            ]),
    ]

    /// The CSV columns a job's field can go to, for messages: every column but the key's, the parent's and status.
    public var columnNames: [String] {
        Array(Set(columns.values.map(\.name))).sorted()
    }
}
