import JSONValues
import OrderedCollections

/// Enrollments (CANVAS-API.md 6.5): invited by default, concluded by DELETE by default, bookmark-paginated.
extension SandboxStore {
    static let enrollmentTypes = [
        "StudentEnrollment", "TeacherEnrollment", "TaEnrollment", "ObserverEnrollment", "DesignerEnrollment",
    ]

    func listEnrollments(_ call: APICall) throws -> APIResponse {
        let parameters = call.parameters
        var scope: (EnrollmentRecord) -> Bool
        var courseScope = false
        if call.pathParameters["course_id"] != nil {
            let course = try findCourse(call.path("course_id"))
            try requireCourseAccess(course, call)
            scope = { $0.courseID == course.id }
            courseScope = true
        } else if call.pathParameters["section_id"] != nil {
            let section = try findSection(call.path("section_id"))
            if let course = state.courses[section.courseID] { try requireCourseAccess(course, call) }
            scope = { $0.sectionID == section.id }
            courseScope = true
        } else {
            let user = try findUser(call.path("user_id"), call: call)
            guard user.id == call.currentUserID || isAdmin(call.currentUserID) else {
                throw CanvasAPIError.notPermitted
            }
            scope = { $0.userID == user.id }
        }
        let types = Set(parameters.strings("type"))
        let roles = Set(parameters.strings("role"))
        var states = Set(parameters.strings("state"))
        if states.isEmpty {
            states = ["active", "invited"]
            if courseScope, isAdmin(call.currentUserID) { states.insert("inactive") }
        }
        if states.contains("current_and_invited") { states.formUnion(["active", "invited"]) }
        if states.contains("current_and_future") { states.formUnion(["active", "invited", "creation_pending"]) }
        if states.contains("current_and_concluded") { states.formUnion(["active", "completed"]) }
        var userID: Int?
        if let userText = parameters.string("user_id"), !userText.isEmpty {
            userID = try findUser(userText, call: call).id
        }
        let enrollments = state.enrollments.values.filter { enrollment in
            scope(enrollment) && states.contains(enrollment.workflowState)
                && (types.isEmpty || types.contains(enrollment.type))
                && (roles.isEmpty || roles.contains(enrollment.role))
                && (userID.map { $0 == enrollment.userID } ?? true)
        }.sorted { $0.id < $1.id }
        return paginateByBookmark(enrollments, call, id: \.id) { json($0) }
    }

    func createEnrollment(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let parameters = call.parameters
        var section: SectionRecord?
        let course: CourseRecord
        if call.pathParameters["section_id"] != nil {
            let found = try findSection(call.path("section_id"))
            section = found
            guard let owner = state.courses[found.courseID] else { throw CanvasAPIError.notFound }
            course = owner
        } else {
            course = try findCourse(call.path("course_id"))
        }
        guard let enrollmentParameters = parameters.value("enrollment")?.objectValue, !enrollmentParameters.isEmpty
        else {
            throw CanvasAPIError.message(status: 400, "No parameters given")
        }
        guard let userText = parameters.string("enrollment", "user_id"), !userText.isEmpty else {
            throw CanvasAPIError.message(
                status: 400,
                "Can't create an enrollment without a user. Include enrollment[user_id] to create an enrollment"
            )
        }
        guard let user = try? findUser(userText, call: call) else {
            throw CanvasAPIError.custom(
                status: 404, ["errors": [["message": .string("Couldn't find User with API id '\(userText)'")]]]
            )
        }
        var type = parameters.string("enrollment", "type") ?? ""
        let role = parameters.string("enrollment", "role") ?? ""
        if let roleID = parameters.string("enrollment", "role_id"), let id = Int(roleID) {
            guard let inferred = (3...7).first(where: { Self.roleID(Self.enrollmentTypes[$0 - 3]) == id }) else {
                throw CanvasAPIError.message(status: 400, "Invalid role")
            }
            let base = Self.enrollmentTypes[inferred - 3]
            if !type.isEmpty, type != base {
                throw CanvasAPIError.message(status: 400, "The specified type must match the base type for the role")
            }
            type = base
        } else if !role.isEmpty {
            guard Self.enrollmentTypes.contains(role) else { throw CanvasAPIError.message(status: 400, "Invalid role") }
            if type.isEmpty { type = role }
        }
        if type.isEmpty { type = "StudentEnrollment" }
        guard Self.enrollmentTypes.contains(type) else { throw CanvasAPIError.message(status: 400, "Invalid type") }
        guard course.workflowState != "completed" else {
            throw CanvasAPIError.message(status: 400, "Can't add an enrollment to a concluded course.")
        }
        if section == nil, let sectionText = parameters.string("enrollment", "course_section_id"), !sectionText.isEmpty
        {
            section = try findSection(sectionText, in: course.id)
        }
        let target = section ?? defaultSection(for: course)
        var workflowState = parameters.string("enrollment", "enrollment_state") ?? "invited"
        if !["active", "invited", "inactive"].contains(workflowState) { workflowState = "invited" }
        let associatedUserID = parameters.string("enrollment", "associated_user_id").flatMap(Int.init)
        // `Course#enroll_user` reuses the user's enrollment of the same type and role in the same section, in
        // any state: an active one is returned as it is, any other is moved to the state asked for.
        if var existing = state.enrollments.values.filter({
            $0.userID == user.id && $0.sectionID == target.id && $0.type == type && $0.role == type
                && $0.associatedUserID == associatedUserID
        }).min(by: { $0.id < $1.id }) {
            if existing.workflowState != "active" {
                existing.workflowState = workflowState
                existing.updatedAt = timestamp
                state.enrollments[existing.id] = existing
            }
            return .json(json(existing))
        }
        let enrollment = EnrollmentRecord(
            id: state.nextID("enrollment"), userID: user.id, courseID: course.id, sectionID: target.id, type: type,
            role: type, workflowState: workflowState,
            limitPrivilegesToCourseSection: parameters.bool("enrollment", "limit_privileges_to_course_section")
                ?? false,
            createdAt: timestamp, updatedAt: timestamp,
            startAt: Self.normalizedTime(parameters.string("enrollment", "start_at"), zone: requestTimeZone(call)),
            endAt: Self.normalizedTime(parameters.string("enrollment", "end_at"), zone: requestTimeZone(call)),
            associatedUserID: associatedUserID
        )
        state.enrollments[enrollment.id] = enrollment
        return .json(json(enrollment))
    }

    func deleteEnrollment(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let course = try findCourse(call.path("course_id"))
        var enrollment = try findEnrollment(call.path("enrollment_id"), in: course.id)
        switch call.parameters.string("task") {
        case "delete": enrollment.workflowState = "deleted"
        case "deactivate", "inactivate": enrollment.workflowState = "inactive"
        default: enrollment.workflowState = "completed"
        }
        enrollment.updatedAt = timestamp
        state.enrollments[enrollment.id] = enrollment
        return .json(json(enrollment))
    }

    func reactivateEnrollment(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let course = try findCourse(call.path("course_id"))
        var enrollment = try findEnrollment(call.path("enrollment_id"), in: course.id)
        guard enrollment.workflowState == "inactive" else {
            throw CanvasAPIError.error(status: 400, "enrollment not inactive")
        }
        enrollment.workflowState = "active"
        enrollment.updatedAt = timestamp
        state.enrollments[enrollment.id] = enrollment
        return .json(json(enrollment))
    }

    func acceptEnrollment(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        var enrollment = try findEnrollment(call.path("enrollment_id"), in: course.id)
        guard enrollment.userID == call.currentUserID, enrollment.workflowState == "invited" else {
            throw CanvasAPIError.notPermitted
        }
        enrollment.workflowState = call.rawPath.hasSuffix("reject") ? "rejected" : "active"
        state.enrollments[enrollment.id] = enrollment
        return .json(["success": true])
    }
}
