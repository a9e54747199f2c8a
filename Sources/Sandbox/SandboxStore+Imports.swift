import JSONValues
import OrderedCollections

/// Content migrations (course copy) and SIS imports (CANVAS-API.md 6.10, 6.11).
extension SandboxStore {
    func createMigration(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let course = try findCourse(call.path("course_id"))
        guard let type = call.parameters.string("migration_type"), !type.isEmpty else {
            throw CanvasAPIError.message(status: 400, "Invalid migration_type")
        }
        guard type == "course_copy_importer" else {
            let known = [
                "common_cartridge_importer", "canvas_cartridge_importer", "zip_file_importer", "qti_converter",
                "moodle_converter",
            ]
            throw CanvasAPIError.message(
                status: 400, known.contains(type) ? "Unsupported migration_type for context" : "Invalid migration_type")
        }
        guard let sourceText = call.parameters.string("settings", "source_course_id"), !sourceText.isEmpty else {
            throw CanvasAPIError.parameterMissing("settings[source_course_id]")
        }
        let source = try findCourse(sourceText)
        let migrationID = state.nextID("migration")
        let progress = startProgress(
            context: ("ContentMigration", migrationID), userID: call.currentUserID, tag: "content_migration",
            job: .courseCopy(migrationID: migrationID, sourceCourseID: source.id, targetCourseID: course.id)
        )
        let migration = MigrationRecord(
            id: migrationID, courseID: course.id, migrationType: type, userID: call.currentUserID,
            progressID: progress.id,
            sourceCourseID: source.id, createdAt: timestamp, startedAt: timestamp
        )
        state.migrations[migrationID] = migration
        return .json(json(migration))
    }

    func getMigration(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("migration_id")),
            let migration = state.migrations[id], migration.courseID == course.id
        else { throw CanvasAPIError.notFound }
        return .json(json(migration))
    }

    func listMigrations(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        let migrations = state.migrations.values.filter { $0.courseID == course.id }.sorted { $0.id < $1.id }
        return try paginate(migrations, call) { json($0) }
    }

    func json(_ migration: MigrationRecord) -> JSONValue {
        let base = currentBaseURL
        return [
            "id": .int(migration.id), "migration_type": .string(migration.migrationType),
            "migration_type_title": "Copy a Canvas Course",
            "migration_issues_url": .string(
                "\(base)/api/v1/courses/\(migration.courseID)/content_migrations/\(migration.id)/migration_issues"),
            "attachment": .null, "progress_url": .string("\(base)/api/v1/progress/\(migration.progressID)"),
            "user_id": .int(migration.userID), "workflow_state": .string(migration.workflowState),
            "started_at": Self.optional(migration.startedAt), "finished_at": Self.optional(migration.finishedAt),
            "pre_attachment": .null, "created_at": .string(migration.createdAt),
            "settings": ["source_course_id": migration.sourceCourseID.map(JSONValue.int) ?? .null],
        ]
    }

    func createSISImport(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        guard account.parentAccountID == nil else { throw CanvasAPIError.notPermitted }
        var files: [SISFile] = []
        let contentType = call.contentType?.lowercased() ?? ""
        if contentType.hasPrefix("multipart/form-data") {
            // The boundary keeps its case: only the media type is compared lowercased.
            guard let parts = MultipartForm.parse(body: call.body, contentType: call.contentType ?? contentType),
                let attachment = parts.first(where: { $0.name == "attachment" })
            else { throw CanvasAPIError.parameterMissing("attachment") }
            files.append(
                SISFile(
                    name: attachment.filename ?? "attachment.csv",
                    text: String(decoding: attachment.body, as: UTF8.self)))
        } else {
            if contentType.contains("charset="), !contentType.contains("charset=utf-8") {
                throw CanvasAPIError.message(status: 400, "Invalid content type, UTF-8 required")
            }
            guard !call.body.isEmpty else { throw CanvasAPIError.parameterMissing("attachment") }
            let extensionName = call.query["extension"]?.stringValue ?? "csv"
            files.append(SISFile(name: "sis_import.\(extensionName)", text: String(decoding: call.body, as: UTF8.self)))
        }
        var record = SISImportRecord(
            id: state.nextID("sis_import"), accountID: account.id, userID: call.currentUserID, createdAt: timestamp,
            startedAt: now, files: files
        )
        if call.parameters.bool("batch_mode") == true {
            guard let termText = call.parameters.string("batch_mode_term_id"), let term = try? findTerm(termText) else {
                throw CanvasAPIError.message(
                    status: 400, "Batch mode specified, but the given batch_mode_term_id cannot be found.")
            }
            record.batchMode = true
            record.batchModeTermID = term.id
        }
        record.overrideStickiness =
            call.parameters.bool("override_sis_stickiness")
            ?? call.query["override_sis_stickiness"].map {
                $0.stringValue == "true" || $0.stringValue == "1"
            }
        let (rows, messages) = pendingRows(of: files)
        record.rows = rows
        record.messages = messages
        state.sisImports[record.id] = record
        return .json(json(record))
    }

    func getSISImport(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("import_id")),
            let record = state.sisImports[id], record.accountID == account.id
        else { throw CanvasAPIError.notFound }
        return .json(json(record))
    }

    func listSISImports(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let imports = state.sisImports.values.filter { $0.accountID == account.id }.sorted { $0.id > $1.id }
        var response = try paginate(imports, call) { json($0) }
        response.json = ["sis_imports": response.json ?? []]
        return response
    }

    func json(_ record: SISImportRecord) -> JSONValue {
        var counts = JSONValuesObject()
        for key in [
            "accounts", "terms", "abstract_courses", "courses", "sections", "xlists", "users", "enrollments", "groups",
            "group_memberships", "error_count", "warning_count",
        ] {
            counts[key] = .int(record.counts[key] ?? 0)
        }
        var members: JSONValuesObject = [
            "id": .int(record.id), "created_at": .string(record.createdAt), "ended_at": Self.optional(record.endedAt),
            "updated_at": .string(record.updatedAt ?? record.createdAt),
            "workflow_state": .string(record.workflowState),
            "started_at": record.processingStartedAt == nil ? .null : .string(record.createdAt),
            "csv_attachments": .array(
                record.files.map { ["filename": .string($0.name), "display_name": .string($0.name)] }),
            "data": [
                "import_type": "instructure_csv",
                "supplied_batches": .array(
                    Array(Set(record.files.compactMap { Self.sisKind($0) })).sorted().map(JSONValue.string)),
                "counts": .object(counts),
            ],
            "progress": .int(record.progress), "batch_mode": record.batchMode ? true : .null,
            "batch_mode_term_id": record.batchModeTermID.map(JSONValue.int) ?? .null,
            "override_sis_stickiness": record.overrideStickiness == true ? true : .null, "add_sis_stickiness": .null,
            "clear_sis_stickiness": .null,
            "diffing_data_set_identifier": .null, "user": ["id": .int(record.userID)],
        ]
        if !record.warnings.isEmpty {
            members["processing_warnings"] = .array(record.warnings.map { .array($0.map(JSONValue.string)) })
        }
        if !record.errors.isEmpty {
            members["processing_errors"] = .array(record.errors.map { .array($0.map(JSONValue.string)) })
        }
        return .object(members)
    }

    /// The type of a SIS file, from its header as Canvas tells them apart (SIS-IMPORTS.md 2.1), first match wins.
    static func sisKind(_ file: SISFile) -> String? {
        guard let first = SISCSV.rows(file.text).first else { return nil }
        let header = Set(first.map { $0.trimmingCharacters(in: "\u{FEFF}").lowercased() })
        let has = { (name: String) in header.contains(name) }
        if has("old_id") || has("old_integration_id") { return "change_sis_id" }
        if has("account_id") && has("parent_account_id") { return "account" }
        if has("term_id") && has("name") { return "term" }
        if has("course_id") && has("short_name") { return "course" }
        if has("section_id") && has("name") { return "section" }
        if has("xlist_course_id") && has("section_id") { return "xlist" }
        if has("user_id") && has("login_id") { return "user" }
        if (has("course_id") || has("section_id")) && (has("user_id") || has("user_integration_id")) {
            return "enrollment"
        }
        if has("group_category_id") && has("category_name") { return "group_category" }
        if has("group_id") && has("name") { return "group" }
        if has("group_id") && has("user_id") { return "group_membership" }
        if has("account_id") && has("user_id") { return "admin" }
        return nil
    }

}
