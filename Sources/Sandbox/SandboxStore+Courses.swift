import CanvasRules
import JSONValues
import OrderedCollections

/// Courses: list, show, create, update, events, delete, batch update (CANVAS-API.md 6.1-6.3).
extension SandboxStore {
    func listAccountCourses(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let parameters = call.parameters
        var accounts = accountTree(account.id)
        let subaccounts = parameters.strings("by_subaccounts")
        if !subaccounts.isEmpty {
            accounts = Set(try subaccounts.flatMap { accountTree(try findAccount($0).id) })
        }
        var states = Set(parameters.strings("state"))
        if states.isEmpty || states.contains("all") {
            states =
                states.contains("all")
                ? ["created", "claimed", "available", "completed", "deleted"]
                : ["created", "claimed", "available", "completed"]
        }
        if states.contains("unpublished") { states.formUnion(["created", "claimed"]) }
        var termID: Int?
        if let term = parameters.string("enrollment_term_id"), !term.isEmpty { termID = try findTerm(term).id }
        let published = parameters.bool("published")
        let completed = parameters.bool("completed")
        let search = parameters.string("search_term")?.lowercased()
        let withEnrollments = parameters.bool("with_enrollments")
        let includes = parameters.strings("include")
        let courses = state.courses.values.filter { course in
            guard accounts.contains(course.accountID), states.contains(course.workflowState) else { return false }
            if let termID, course.termID != termID { return false }
            if let published, (course.workflowState == "available") != published { return false }
            if let completed, (course.workflowState == "completed") != completed { return false }
            if let search, !search.isEmpty,
                !(course.name.lowercased().contains(search) || course.courseCode.lowercased().contains(search)
                    || (course.sisCourseID?.lowercased().contains(search) ?? false))
            {
                return false
            }
            if let withEnrollments {
                let has = state.enrollments.values.contains {
                    $0.courseID == course.id && $0.workflowState != "deleted"
                }
                if has != withEnrollments { return false }
            }
            return true
        }.sorted { $0.id < $1.id }
        // Canvas computes no total here (`total_entries: nil`), so there is no rel="last".
        return try paginate(courses, call, includeLast: includes.contains("ui_invoked")) {
            json($0, includes: includes)
        }
    }

    func listUserCourses(_ call: APICall) throws -> APIResponse {
        let states = Set(call.parameters.strings("enrollment_state"))
        let mine = state.enrollments.values.filter { enrollment in
            enrollment.userID == call.currentUserID
                && (states.isEmpty
                    ? ["active", "invited"].contains(enrollment.workflowState)
                    : states.contains(enrollment.workflowState))
        }
        let ids = Set(mine.map(\.courseID))
        let courses = ids.compactMap { state.courses[$0] }.filter { $0.workflowState != "deleted" }
            .sorted { $0.id < $1.id }
        let includes = call.parameters.strings("include")
        return try paginate(courses, call) { course in
            var value = json(course, includes: includes)
            if case .object(var members) = value {
                members["enrollments"] = .array(
                    mine.filter { $0.courseID == course.id }.map {
                        [
                            "type": .string(String($0.type.dropLast("Enrollment".count)).lowercased()),
                            "role": .string($0.role), "role_id": .int(Self.roleID($0.role)), "user_id": .int($0.userID),
                            "enrollment_state": .string($0.workflowState),
                        ]
                    }
                )
                value = .object(members)
            }
            return value
        }
    }

    func getCourse(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        try requireCourseAccess(course, call)
        return .json(json(course, includes: call.parameters.strings("include")))
    }

    /// Admins see every course; others only those they are enrolled in.
    func requireCourseAccess(_ course: CourseRecord, _ call: APICall) throws {
        if isAdmin(call.currentUserID) { return }
        let enrolled = state.enrollments.values.contains {
            $0.courseID == course.id && $0.userID == call.currentUserID
                && ["active", "invited"].contains($0.workflowState)
        }
        guard enrolled else { throw CanvasAPIError.notPermitted }
    }

    func createCourse(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let parameters = call.parameters
        let rootID = account.rootAccountID ?? account.id
        var course = CourseRecord(
            id: state.nextID("course"), name: "Unnamed Course", courseCode: "", uuid: newUUID(),
            accountID: account.id, rootAccountID: rootID,
            termID: state.accounts[rootID]?.defaultTermID ?? 1, workflowState: "claimed", createdAt: timestamp
        )
        course.timeZone = defaultTimeZone(ofAccount: account.id)
        try applyCourseParameters(
            parameters, to: &course, within: account, creating: true, zone: requestTimeZone(call))
        if course.courseCode.isEmpty { course.courseCode = course.name }
        if parameters.bool("offer") == true { course.workflowState = "available" }
        state.putCourse(course)
        _ = defaultSection(for: course)
        if parameters.string("enroll_me") == "true" {
            let section = defaultSection(for: course)
            let enrollment = EnrollmentRecord(
                id: state.nextID("enrollment"), userID: call.currentUserID, courseID: course.id, sectionID: section.id,
                type: "TeacherEnrollment", role: "TeacherEnrollment", workflowState: "active", createdAt: timestamp,
                updatedAt: timestamp
            )
            state.enrollments[enrollment.id] = enrollment
        }
        return .json(json(course))
    }

    func updateCourse(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var course = try findCourse(call.path("course_id"), includeDeleted: true)
        let parameters = call.parameters
        var event = parameters.string("course", "event")
        if parameters.bool("offer") == true { event = "offer" }
        if course.workflowState == "deleted", event != "undelete" { throw CanvasAPIError.notFound }
        let onlyEvent = parameters.value("course")?.objectValue?.keys.elementsEqual(["event"]) ?? false
        if !onlyEvent, let root = state.accounts[course.rootAccountID] {
            try applyCourseParameters(
                parameters, to: &course, within: root, creating: false, zone: requestTimeZone(call))
        }
        if let event { try applyEvent(event, to: &course) }
        state.putCourse(course)
        return .json(json(course))
    }

    /// Processes a course event; events that change nothing succeed, as Canvas's `non_event?` lets them.
    func applyEvent(_ event: String, to course: inout CourseRecord) throws {
        switch event {
        case "offer": course.workflowState = "available"
        case "claim":
            if course.workflowState != "created" { course.workflowState = "claimed" }
        case "conclude", "complete": course.workflowState = "completed"
        case "delete":
            course.workflowState = "deleted"
        case "undelete":
            if course.workflowState == "deleted" { course.workflowState = "claimed" }
        default:
            throw CanvasAPIError.invalid(attributeErrors: [("event", "invalid", "invalid event")])
        }
    }

    func deleteCourse(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var course = try findCourse(call.path("course_id"))
        guard let event = call.parameters.string("event"), ["delete", "conclude"].contains(event) else {
            throw CanvasAPIError.message(status: 400, "Only \"delete\" and \"conclude\" events are allowed.")
        }
        try applyEvent(event, to: &course)
        state.putCourse(course)
        return .json([event: true])
    }

    func batchUpdateCourses(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let ids = call.parameters.strings("course_ids")
        guard !ids.isEmpty else { throw CanvasAPIError.message(status: 400, "must specify course_ids[]") }
        guard ids.count <= 500 else {
            throw CanvasAPIError.message(status: 403, "course batch size limit (500) exceeded")
        }
        guard let event = call.parameters.string("event"), !event.isEmpty else {
            throw CanvasAPIError.message(status: 400, "need to specify event")
        }
        guard ["offer", "conclude", "delete", "undelete"].contains(event) else {
            throw CanvasAPIError.message(status: 400, "invalid event")
        }
        let tree = accountTree(account.id)
        let courseIDs = ids.compactMap { try? findCourse($0, includeDeleted: true) }.filter {
            tree.contains($0.accountID)
        }
        .map(\.id)
        let progress = startProgress(
            context: ("Account", account.id), userID: call.currentUserID, tag: "course_batch_update",
            job: .courseBatch(accountID: account.id, courseIDs: courseIDs, event: event)
        )
        return .json(json(progress))
    }

    private func applyCourseParameters(
        _ parameters: RequestParameters, to course: inout CourseRecord, within account: AccountRecord, creating: Bool,
        zone: String
    ) throws {
        var errors: [(attribute: String, type: String, message: String)] = []
        if let name = parameters.string("course", "name") {
            if name.count > 255 { errors.append(("name", "too_long", "Name is too long (maximum is 255 characters)")) }
            course.name = name.trimmingCharacters(in: " ").isEmpty ? "Unnamed Course" : name
        }
        if let code = parameters.string("course", "course_code") {
            if code.count > 255 {
                errors.append(("course_code", "too_long", "Course code is too long (maximum is 255 characters)"))
            }
            course.courseCode = code
        }
        if let termText = parameters.string("course", "term_id") ?? parameters.string("course", "enrollment_term_id"),
            !termText.isEmpty
        {
            course.termID = try findTerm(termText).id
        }
        if let accountText = parameters.string("course", "account_id"), !accountText.isEmpty {
            let target = try findAccount(accountText)
            guard accountTree(account.id).contains(target.id) || accountTree(course.rootAccountID).contains(target.id)
            else {
                throw CanvasAPIError.notFound
            }
            course.accountID = target.id
        }
        if let zone = parameters.string("course", "time_zone"), !zone.isEmpty {
            course.timeZone = RailsTimeZones.ianaName(zone)
        }
        if let restrict = parameters.bool("course", "restrict_enrollments_to_course_dates") {
            course.restrictEnrollmentsToCourseDates = restrict
        }
        applyCourseDates(parameters, to: &course, creating: creating, zone: zone)
        if parameters.has("course", "sis_course_id") {
            let sis = parameters.string("course", "sis_course_id") ?? ""
            if !sis.isEmpty, let other = state.course(sis: sis), other.id != course.id {
                errors.append(("sis_source_id", "taken", "SIS ID \"\(sis)\" is already in use"))
            } else {
                course.sisCourseID = sis.isEmpty ? nil : sis
            }
        }
        if parameters.has("course", "integration_id") {
            let integration = parameters.string("course", "integration_id") ?? ""
            course.integrationID = integration.isEmpty ? nil : integration
        }
        if let isPublic = parameters.bool("course", "is_public") { course.isPublic = isPublic }
        if let view = parameters.string("course", "default_view"), !view.isEmpty { course.defaultView = view }
        if let license = parameters.string("course", "license"), !license.isEmpty { course.license = license }
        if parameters.has("course", "syllabus_body") {
            course.syllabusBody = parameters.string("course", "syllabus_body").map(CanvasHTML.sanitized)
        }
        if let locale = parameters.string("course", "locale") { course.locale = locale.isEmpty ? nil : locale }
        if let blueprint = parameters.bool("course", "blueprint") { course.blueprint = blueprint }
        if !errors.isEmpty { throw CanvasAPIError.invalid(attributeErrors: errors) }
    }

    /// The course's dates, as `courses_controller.rb` takes them.
    ///
    /// `end_at` is an alias of `conclude_at`. A create keeps the dates only when
    /// `restrict_enrollments_to_course_dates` is true in the same request ("If Term enrollment is specified, don't
    /// allow setting enrollment dates"). An update whose course is not restricted (by the request, else as it is)
    /// removes the end date, and the start date too while the course is unpublished; otherwise the dates given are
    /// kept. A date without an offset is read in the request's zone (`SandboxStore+Time`).
    private func applyCourseDates(
        _ parameters: RequestParameters, to course: inout CourseRecord, creating: Bool, zone: String
    ) {
        let endKey =
            parameters.has("course", "end_at")
            ? "end_at" : (parameters.has("course", "conclude_at") ? "conclude_at" : nil)
        if course.restrictEnrollmentsToCourseDates {
            if parameters.has("course", "start_at") {
                course.startAt = Self.normalizedTime(parameters.string("course", "start_at"), zone: zone)
            }
            if let endKey { course.endAt = Self.normalizedTime(parameters.string("course", endKey), zone: zone) }
        } else if !creating {
            let unpublished = ["created", "claimed"].contains(course.workflowState)
            if unpublished {
                course.startAt = nil
            } else if parameters.has("course", "start_at") {
                course.startAt = Self.normalizedTime(parameters.string("course", "start_at"), zone: zone)
            }
            course.endAt = nil
        }
    }
}
