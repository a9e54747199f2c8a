/// Everything a sandbox knows, as plain values: what `--state FILE` saves and loads.
struct SandboxState: Codable, Sendable {
    /// The next id of each kind of object.
    var sequences: [String: Int] = [:]
    var accounts: [Int: AccountRecord] = [:]
    var terms: [Int: TermRecord] = [:]
    var courses: [Int: CourseRecord] = [:]
    var users: [Int: UserRecord] = [:]
    var logins: [Int: LoginRecord] = [:]
    var sections: [Int: SectionRecord] = [:]
    var enrollments: [Int: EnrollmentRecord] = [:]
    var admins: [AdminRecord] = []
    /// Assignments, modules, pages, discussion topics, calendar events, groups and the like.
    var contents: [Int: ContentRecord] = [:]
    var progresses: [Int: ProgressRecord] = [:]
    var migrations: [Int: MigrationRecord] = [:]
    var sisImports: [Int: SISImportRecord] = [:]
    /// The fields API writes made stuck, by `kind:id` (`section:12`), which SIS imports leave alone.
    var sisStuckFields: [String: [String]]? = nil
    var files: [Int: FileRecord] = [:]
    /// The folders of courses' and users' files; nil in a state saved before the sandbox had folders.
    var folders: [Int: FolderRecord]? = nil
    /// Course ids by SIS id (see `putCourse(_:)`); nil until built.
    var courseSISIndex: SISIndex?

    /// Takes the next id of `kind`; ids of each kind start at 1.
    mutating func nextID(_ kind: String) -> Int {
        let id = sequences[kind, default: 1]
        sequences[kind] = id + 1
        return id
    }
}

/// An account (`accounts`): the root account has no parent.
struct AccountRecord: Codable, Sendable {
    var id: Int
    var name: String
    var parentAccountID: Int?
    var rootAccountID: Int?
    var sisAccountID: String?
    var integrationID: String?
    var uuid: String
    var workflowState: String = "active"
    var defaultTermID: Int?
    /// The zone of times without an offset in the account's courses and terms; nil for Canvas's fallback.
    var defaultTimeZone: String?
}

/// An enrollment term.
struct TermRecord: Codable, Sendable {
    var id: Int
    var name: String
    var sisTermID: String?
    var integrationID: String?
    var startAt: String?
    var endAt: String?
    var rootAccountID: Int
    var workflowState: String = "active"
    var createdAt: String
}

/// A course; `workflowState` is Canvas's internal one (`created`, `claimed`, `available`, `completed`, `deleted`).
struct CourseRecord: Codable, Sendable {
    var id: Int
    var name: String
    var courseCode: String
    var sisCourseID: String?
    var integrationID: String?
    var uuid: String
    var accountID: Int
    var rootAccountID: Int
    var termID: Int
    var workflowState: String
    var startAt: String?
    var endAt: String?
    var restrictEnrollmentsToCourseDates: Bool = false
    var createdAt: String
    var isPublic: Bool = false
    var timeZone: String = "America/New_York"
    var defaultView: String = "modules"
    var license: String = "private"
    var syllabusBody: String?
    var locale: String?
    var blueprint: Bool = false
    var template: Bool = false
}

/// A user.
struct UserRecord: Codable, Sendable {
    var id: Int
    var name: String
    var shortName: String
    var sortableName: String
    var uuid: String
    var createdAt: String
    var locale: String?
    var timeZone: String?
    var email: String?
    var workflowState: String = "registered"
}

/// A login (Canvas's pseudonym): a user's `unique_id` and SIS id in an account.
struct LoginRecord: Codable, Sendable {
    var id: Int
    var userID: Int
    var accountID: Int
    var uniqueID: String
    var sisUserID: String?
    var integrationID: String?
    var createdAt: String
    var workflowState: String = "active"
}

/// A course section.
struct SectionRecord: Codable, Sendable {
    var id: Int
    var courseID: Int
    var name: String
    var sisSectionID: String?
    var integrationID: String?
    var startAt: String?
    var endAt: String?
    var restrictEnrollmentsToSectionDates: Bool = false
    var nonxlistCourseID: Int?
    var createdAt: String
    var workflowState: String = "active"
    var isDefault: Bool = false
}

/// An enrollment of a user in a course section.
struct EnrollmentRecord: Codable, Sendable {
    var id: Int
    var userID: Int
    var courseID: Int
    var sectionID: Int
    var type: String
    var role: String
    var workflowState: String
    var limitPrivilegesToCourseSection: Bool = false
    var createdAt: String
    var updatedAt: String
    var startAt: String?
    var endAt: String?
    var associatedUserID: Int?
}

/// An account admin.
struct AdminRecord: Codable, Sendable {
    var accountID: Int
    var userID: Int
    var role: String = "AccountAdmin"
}
