import CanvasRules
import JSONValues
import OrderedCollections

/// Assignments, assignment groups, modules, pages, discussion topics, calendar events, groups: stored as JSON.
extension SandboxStore {
    /// The course of the call's `course_id`, with access checked.
    private func contextCourse(_ call: APICall) throws -> CourseRecord? {
        guard call.pathParameters["course_id"] != nil else { return nil }
        let course = try findCourse(call.path("course_id"))
        try requireCourseAccess(course, call)
        return course
    }

    private func parentID(_ call: APICall) throws -> Int? {
        for (key, kind) in [("module_id", ContentKind.module), ("group_category_id", .groupCategory)]
        where call.pathParameters[key] != nil {
            guard let parent = findContentRecord(kind, call.path(key)) else { throw CanvasAPIError.notFound }
            return parent.id
        }
        return nil
    }

    /// The SIS id column of each kind that has one, as `SIS_MAPPINGS` names it and the object's JSON carries it.
    private static let sisColumns: [ContentKind: String] = [
        .assignment: "sis_assignment_id", .group: "sis_group_id", .groupCategory: "sis_group_category_id",
    ]

    /// The live record of `kind` named by `raw`: a Canvas id, or the kind's SIS id form (among the course's
    /// objects when a course is given, as Canvas looks in the context's collection).
    private func findContentRecord(_ kind: ContentKind, _ raw: String, in courseID: Int? = nil) -> ContentRecord? {
        let record: ContentRecord?
        switch CanvasIDForm(parsing: raw) {
        case .canvasID(let id):
            record = state.contents[id]
        case .sis(let column, let value) where Self.sisColumns[kind] == column:
            record = state.contents.values.filter {
                $0.kind == kind && !$0.deleted && $0.json.value[column]?.stringValue == value
                    && (courseID == nil || $0.courseID == courseID)
            }.min { $0.id < $1.id }
        default:
            record = nil
        }
        guard let record, record.kind == kind, !record.deleted else { return nil }
        return record
    }

    func listContent(_ spec: ContentSpec, _ call: APICall) throws -> APIResponse {
        let course = try contextCourse(call)
        let parent = try parentID(call)
        var contextCodes = Set(call.parameters.strings("context_codes"))
        if spec.kind == .calendarEvent, contextCodes.isEmpty { contextCodes = ["user_\(call.currentUserID)"] }
        let items = state.contents.values.filter { record in
            guard record.kind == spec.kind, !record.deleted else { return false }
            if let course, record.courseID != course.id { return false }
            if let parent, record.parentID != parent { return false }
            if spec.kind == .calendarEvent {
                return contextCodes.contains(record.json.value["context_code"]?.stringValue ?? "")
            }
            return true
        }.sorted { $0.id < $1.id }
        return try paginate(items, call) { $0.json.value }
    }

    func findContent(_ spec: ContentSpec, _ call: APICall) throws -> ContentRecord {
        let course = try contextCourse(call)
        let raw = call.path("content_id")
        let record: ContentRecord?
        if spec.kind == .page, case .unrecognized(let slug) = CanvasIDForm(parsing: raw) {
            record = state.contents.values.first {
                $0.kind == .page && !$0.deleted && $0.courseID == course?.id
                    && $0.json.value["url"]?.stringValue == slug
            }
        } else {
            record = findContentRecord(spec.kind, raw, in: course?.id)
        }
        guard let record, record.kind == spec.kind, !record.deleted, course.map({ $0.id == record.courseID }) ?? true
        else { throw CanvasAPIError.notFound }
        return record
    }

    /// The course of a calendar event's `context_code`, read as Canvas's `Context.find_by_asset_string` reads it.
    ///
    /// A code is `course_<id>`, `user_<id>`, `group_<id>` or `account_<id>` with a Canvas id (so not a SIS id).
    /// A missing, malformed or unknown code is a 404; a deleted course is Canvas's 400.
    private func calendarContext(_ code: String) throws -> CourseRecord? {
        let contexts = ["course_", "user_", "group_", "account_"]
        guard let prefix = contexts.first(where: { code.hasPrefix($0) }) else { throw CanvasAPIError.notFound }
        let digits = code.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let id = Int(digits) else {
            throw CanvasAPIError.notFound
        }
        switch prefix {
        case "course_":
            guard let course = state.courses[id] else { throw CanvasAPIError.notFound }
            if course.workflowState == "deleted" {
                throw CanvasAPIError.error(status: 400, "cannot create event for deleted course")
            }
            return course
        case "user_":
            guard let user = state.users[id], user.workflowState != "deleted" else { throw CanvasAPIError.notFound }
        case "group_":
            guard let group = state.contents[id], group.kind == .group, !group.deleted else {
                throw CanvasAPIError.notFound
            }
        default:
            _ = try findAccount(String(id))
        }
        return nil
    }

    func getContent(_ spec: ContentSpec, _ call: APICall) throws -> APIResponse {
        .json(try findContent(spec, call).json.value)
    }

    func createContent(_ spec: ContentSpec, _ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var course = try contextCourse(call)
        let parent = try parentID(call)
        var fields = try contentFields(spec, call.parameters)
        if spec.kind == .calendarEvent {
            course = try calendarContext(RequestParameters.text(fields["context_code"]) ?? "")
        } else if let required = spec.requiredField, (RequestParameters.text(fields[required]) ?? "").isEmpty {
            throw CanvasAPIError.invalid(attributeErrors: [(required, "blank", "blank")])
        }
        if parent == nil, course == nil, spec.kind != .calendarEvent {
            if call.pathParameters["group_category_id"] == nil { throw CanvasAPIError.notFound }
        }
        readTimes(&fields, zone: requestTimeZone(call))
        let id = state.nextID(ContentRecord.sequence)
        var members = spec.defaults(id, course?.id ?? parent.flatMap { state.contents[$0]?.courseID }, timestamp)
        for (key, value) in fields { members[key] = value }
        finishContent(spec, &members, courseID: course?.id, parentID: parent)
        let record = ContentRecord(
            id: id, kind: spec.kind, courseID: course?.id ?? parent.flatMap { state.contents[$0]?.courseID },
            parentID: parent, json: StoredJSON(.object(members))
        )
        state.contents[id] = record
        return .json(.object(members), status: spec.createStatus)
    }

    func updateContent(_ spec: ContentSpec, _ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var record = try findContent(spec, call)
        var members = record.json.value.objectValue ?? [:]
        var fields = try contentFields(spec, call.parameters)
        if spec.kind == .calendarEvent, fields["context_code"] != nil {
            record.courseID = try calendarContext(RequestParameters.text(fields["context_code"]) ?? "")?.id
        }
        readTimes(&fields, zone: requestTimeZone(call))
        for (key, value) in fields { members[key] = value }
        members["updated_at"] = members["updated_at"] == nil ? nil : .string(timestamp)
        finishContent(spec, &members, courseID: record.courseID, parentID: record.parentID)
        record.json = StoredJSON(.object(members))
        state.contents[record.id] = record
        return .json(.object(members))
    }

    func deleteContent(_ spec: ContentSpec, _ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var record = try findContent(spec, call)
        record.deleted = true
        state.contents[record.id] = record
        var members = record.json.value.objectValue ?? [:]
        if members["workflow_state"] != nil { members["workflow_state"] = "deleted" }
        return .json(.object(members))
    }

    private func contentFields(_ spec: ContentSpec, _ parameters: RequestParameters) throws(CanvasAPIError)
        -> JSONValuesObject
    {
        let source =
            spec.wrapper.flatMap { parameters.value($0)?.objectValue }
            ?? (spec.wrapper == nil ? parameters.root.objectValue ?? [:] : [:])
        var fields = JSONValuesObject()
        // Canvas permits only the fields it knows and drops the rest without a word.
        for (key, value) in source where spec.fields.contains(key) {
            if spec.booleanFields.contains(key) {
                fields[key] = RequestParameters.boolean(value).map(JSONValue.bool) ?? .null
            } else if spec.integerFields.contains(key) {
                fields[key] = try SandboxNumber.integerField(key, RequestParameters.text(value))
            } else if key == "points_possible" || key == "group_weight" {
                // Float columns: Canvas answers `10.0` for 10 (and refuses what no column holds).
                let number = try SandboxNumber.decimalField(key, RequestParameters.text(value))
                fields[key] = number.doubleValue.map(JSONValue.double) ?? .null
            } else if Self.htmlFields[spec.kind]?.contains(key) == true, let html = RequestParameters.text(value) {
                fields[key] = .string(CanvasHTML.sanitized(html))
            } else if Self.timeFields.contains(key) {
                // Read once the context, and so the zone, is known (`readTimes`).
                fields[key] = RequestParameters.text(value).map(JSONValue.string) ?? .null
            } else {
                fields[key] = value
            }
        }
        return fields
    }

    /// The members of each kind that hold rich text, which Canvas sanitizes (a group's description is plain text).
    private static let htmlFields: [ContentKind: Set<String>] = [
        .assignment: ["description"], .page: ["body"], .discussionTopic: ["message"], .calendarEvent: ["description"],
    ]

    /// The members of course content that hold times.
    private static let timeFields: Set<String> = [
        "due_at", "lock_at", "unlock_at", "start_at", "end_at", "posted_at", "todo_date", "delayed_post_at",
        "publish_at",
    ]

    /// Reads each time of `fields` as Canvas does, one without an offset in `zone`.
    private func readTimes(_ fields: inout JSONValuesObject, zone: String) {
        for key in fields.keys where Self.timeFields.contains(key) {
            fields[key] = Self.normalizedTime(fields[key]?.stringValue, zone: zone).map(JSONValue.string) ?? .null
        }
    }

    private func finishContent(_ spec: ContentSpec, _ members: inout JSONValuesObject, courseID: Int?, parentID: Int?) {
        switch spec.kind {
        case .assignment, .module:
            let published = members["published"]?.boolValue ?? false
            members["workflow_state"] = published ? "published" : "unpublished"
        case .page:
            let title = members["title"]?.stringValue ?? ""
            if (members["url"]?.stringValue ?? "").isEmpty || members["url"] == nil {
                var slug = Self.slug(title)
                var suffix = 2
                let id = members["page_id"]?.intValue
                while state.contents.values.contains(where: {
                    $0.kind == .page && !$0.deleted && $0.courseID == courseID && $0.id != id
                        && $0.json.value["url"]?.stringValue == slug
                }) {
                    slug = "\(Self.slug(title))-\(suffix)"
                    suffix += 1
                }
                members["url"] = .string(slug)
            }
            members["workflow_state"] = (members["published"]?.boolValue ?? false) ? "active" : "unpublished"
        case .moduleItem:
            members["module_id"] = parentID.map(JSONValue.int) ?? .null
        case .group:
            if let parentID { members["group_category_id"] = .int(parentID) }
        default:
            break
        }
    }

    /// Canvas's page url: the title lowercased, runs of other characters as `-`.
    static func slug(_ title: String) -> String {
        var result = ""
        for character in title.lowercased() {
            if character.isLetter || character.isNumber {
                result.append(character)
            } else if result.last != "-" {
                result.append("-")
            }
        }
        let trimmed = result.trimmingCharacters(in: "-")
        return trimmed.isEmpty ? "page" : trimmed
    }

    /// Copies assignments, assignment groups, modules (with items) and pages from one course to another.
    func copyContent(from sourceID: Int, to targetID: Int) {
        var idMap: [Int: Int] = [:]
        let sources = state.contents.values.filter {
            $0.courseID == sourceID && !$0.deleted
                && [.assignmentGroup, .assignment, .page, .module, .moduleItem, .discussionTopic].contains($0.kind)
        }.sorted { $0.id < $1.id }
        for kind in [ContentKind.assignmentGroup, .assignment, .page, .discussionTopic, .module, .moduleItem] {
            for source in sources where source.kind == kind {
                let id = state.nextID(ContentRecord.sequence)
                idMap[source.id] = id
                var members = source.json.value.objectValue ?? [:]
                members[kind == .page ? "page_id" : "id"] = .int(id)
                if members["course_id"] != nil { members["course_id"] = .int(targetID) }
                if let group = members["assignment_group_id"]?.intValue, let mapped = idMap[group] {
                    members["assignment_group_id"] = .int(mapped)
                }
                if kind == .moduleItem, let parent = source.parentID, let mapped = idMap[parent] {
                    members["module_id"] = .int(mapped)
                }
                if kind == .moduleItem, let content = members["content_id"]?.intValue, let mapped = idMap[content] {
                    members["content_id"] = .int(mapped)
                }
                state.contents[id] = ContentRecord(
                    id: id, kind: kind, courseID: targetID, parentID: source.parentID.flatMap { idMap[$0] },
                    json: StoredJSON(.object(members))
                )
            }
        }
    }
}
