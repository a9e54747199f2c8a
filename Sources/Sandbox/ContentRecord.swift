import JSONValues

/// An object the sandbox keeps as its Canvas JSON: assignments, assignment groups, modules, module items, pages,
/// discussion topics, calendar events, groups and group categories.
struct ContentRecord: Codable, Sendable {
    var id: Int
    var kind: ContentKind
    /// The owning course, if any.
    var courseID: Int?
    /// The owning object of another kind (a module's items, a category's groups), if any.
    var parentID: Int?
    /// The Canvas JSON of the object, `id` included.
    var json: StoredJSON
    var deleted: Bool = false

    /// The id sequence all content kinds share, since they share one table in ``SandboxState``.
    static let sequence = "content"
}

/// The kinds of ``ContentRecord``.
enum ContentKind: String, Codable, Sendable, CaseIterable {
    case assignment, assignmentGroup, module, moduleItem, page, discussionTopic, calendarEvent, group, groupCategory
}

/// A JSON value stored as JSON text inside a Codable record.
struct StoredJSON: Codable, Sendable {
    var value: JSONValue

    init(_ value: JSONValue) { self.value = value }

    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        value = (try? JSONValue(parsing: text)) ?? .null
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value.serialized())
    }
}

/// An asynchronous job's Progress (`GET /api/v1/progress/:id`).
struct ProgressRecord: Codable, Sendable {
    var id: Int
    var contextType: String
    var contextID: Int
    var userID: Int
    var tag: String
    var createdAt: String
    /// When the job started, in wall-clock seconds since 1970.
    var startedAt: Double
    /// The job's effect, applied once when it completes.
    var job: PendingJob?
    var workflowState: String = "queued"
    var message: String?
    var results: StoredJSON?
    var updatedAt: String
}

/// What a Progress does when it completes.
enum PendingJob: Codable, Sendable {
    case courseBatch(accountID: Int, courseIDs: [Int], event: String)
    case courseCopy(migrationID: Int, sourceCourseID: Int, targetCourseID: Int)
    case sisImport(importID: Int)
}

/// A content migration (course copy).
struct MigrationRecord: Codable, Sendable {
    var id: Int
    var courseID: Int
    var migrationType: String
    var userID: Int
    var progressID: Int
    var sourceCourseID: Int?
    var workflowState: String = "running"
    var createdAt: String
    var startedAt: String?
    var finishedAt: String?
}

/// A SIS import and the CSV files it carries.
struct SISImportRecord: Codable, Sendable {
    var id: Int
    var accountID: Int
    var userID: Int
    var createdAt: String
    /// When the import started, in wall-clock seconds since 1970.
    var startedAt: Double
    var files: [SISFile]
    var workflowState: String = "created"
    var progress: Int = 0
    var endedAt: String?
    var warnings: [[String]] = []
    var errors: [[String]] = []
    var counts: [String: Int] = [:]
    var batchMode: Bool = false
    var batchModeTermID: Int?
    /// The rows still to apply, in Canvas's order of types; set when the import is created.
    var rows: [SISPendingRow]? = nil
    /// How many of `rows` are applied.
    var appliedRows: Int? = nil
    /// When the import left the queue, in wall-clock seconds since 1970.
    var processingStartedAt: Double? = nil
    /// Every error and warning, with its row.
    var messages: [SISMessage]? = nil
    /// Whether the import writes fields a REST write made sticky.
    var overrideStickiness: Bool? = nil
    /// When the import last changed.
    var updatedAt: String? = nil
}

/// One data row of a SIS import file, waiting to be applied.
struct SISPendingRow: Codable, Sendable {
    /// The file's name.
    var file: String
    /// The type the file's header gives: `user`, `enrollment`.
    var kind: String
    /// The row's number in its file, the header being row 1.
    var row: Int
    /// The cells by column.
    var cells: [String: String]
}

/// An error or warning of a SIS import, as `GET …/sis_imports/:id/errors` lists it.
struct SISMessage: Codable, Sendable {
    var file: String
    var message: String
    /// The row it concerns, the header being 1; nil for the whole file.
    var row: Int?
    /// Whether it is failure level (the file was not applied).
    var failure: Bool
}

/// One CSV file of a SIS import.
struct SISFile: Codable, Sendable {
    var name: String
    var text: String
}

/// A file: pending from preflight until its upload is confirmed.
struct FileRecord: Codable, Sendable {
    var id: Int
    var contextType: String
    var contextID: Int
    var displayName: String
    var filename: String
    var contentType: String
    var size: Int
    /// The full name of the file's folder (`course files/syllabus`).
    var folderPath: String
    /// The file's folder; nil in a state saved before the sandbox had folders.
    var folderID: Int? = nil
    var uuid: String
    var createdAt: String
    var updatedAt: String
    /// `pending` after preflight, `uploaded` after the upload, `available` once confirmed.
    var state: String = "pending"
    /// When the signature of the upload stops being valid, in wall-clock seconds since 1970.
    var expiresAt: Double
    var contents: [UInt8] = []
    /// The preflight's `on_duplicate` (`overwrite` when absent).
    var onDuplicate: String? = nil
}
