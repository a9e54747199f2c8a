import JSONValues
import OrderedCollections

/// The Canvas JSON of each object, field for field.
extension SandboxStore {
    func json(_ account: AccountRecord) -> JSONValue {
        [
            "id": .int(account.id), "name": .string(account.name), "workflow_state": .string(account.workflowState),
            "parent_account_id": account.parentAccountID.map(JSONValue.int) ?? .null,
            "root_account_id": account.rootAccountID.map(JSONValue.int) ?? .null, "uuid": .string(account.uuid),
            "default_storage_quota_mb": 500, "default_user_storage_quota_mb": 50,
            "default_group_storage_quota_mb": 50, "default_time_zone": .string(defaultTimeZone(ofAccount: account.id)),
            "sis_account_id": account.sisAccountID.map(JSONValue.string) ?? .null,
            "integration_id": account.integrationID.map(JSONValue.string) ?? .null, "sis_import_id": .null,
        ]
    }

    func json(_ term: TermRecord) -> JSONValue {
        [
            "id": .int(term.id), "name": .string(term.name), "start_at": Self.optional(term.startAt),
            "end_at": Self.optional(term.endAt), "created_at": .string(term.createdAt),
            "workflow_state": .string(term.workflowState), "grading_period_group_id": .null,
            "sis_term_id": Self.optional(term.sisTermID), "sis_import_id": .null,
            "integration_id": Self.optional(term.integrationID),
        ]
    }

    /// `course_json`, with `include[]` members added when asked.
    func json(_ course: CourseRecord, includes: [String] = []) -> JSONValue {
        var members: JSONValuesObject = [
            "id": .int(course.id), "name": .string(course.name), "account_id": .int(course.accountID),
            "uuid": .string(course.uuid), "start_at": Self.optional(course.startAt), "grading_standard_id": .null,
            "is_public": .bool(course.isPublic), "created_at": .string(course.createdAt),
            "course_code": .string(course.courseCode), "default_view": .string(course.defaultView),
            "root_account_id": .int(course.rootAccountID), "enrollment_term_id": .int(course.termID),
            "license": .string(course.license), "grade_passback_setting": .null,
            "end_at": Self.optional(course.endAt), "public_syllabus": false, "public_syllabus_to_auth": false,
            "storage_quota_mb": 500, "is_public_to_auth_users": false, "homeroom_course": false,
            "course_color": .null, "friendly_name": .null, "apply_assignment_group_weights": false,
            "calendar": ["ics": .string("http://sandbox.invalid/feeds/calendars/course_\(course.uuid).ics")],
            "time_zone": .string(course.timeZone), "blueprint": .bool(course.blueprint),
            "template": .bool(course.template), "sis_course_id": Self.optional(course.sisCourseID),
            "sis_import_id": .null, "integration_id": Self.optional(course.integrationID), "enrollments": [],
            "hide_final_grades": false, "workflow_state": .string(Self.apiWorkflowState(course.workflowState)),
            "restrict_enrollments_to_course_dates": .bool(course.restrictEnrollmentsToCourseDates),
        ]
        if let locale = course.locale { members["locale"] = .string(locale) }
        if includes.contains("term"), let term = state.terms[course.termID] {
            members["term"] = [
                "id": .int(term.id), "name": .string(term.name), "start_at": Self.optional(term.startAt),
                "end_at": Self.optional(term.endAt), "created_at": .string(term.createdAt),
                "workflow_state": .string(term.workflowState), "grading_period_group_id": .null,
            ]
        }
        if includes.contains("syllabus_body") { members["syllabus_body"] = Self.optional(course.syllabusBody) }
        if includes.contains("total_students") {
            members["total_students"] = .int(
                state.enrollments.values.filter {
                    $0.courseID == course.id && $0.type == "StudentEnrollment"
                        && ["active", "invited"].contains($0.workflowState)
                }.count
            )
        }
        if includes.contains("account_name") {
            members["account_name"] = Self.optional(state.accounts[course.accountID]?.name)
        }
        if includes.contains("teachers") {
            let teacherIDs = state.enrollments.values.filter {
                $0.courseID == course.id && $0.type == "TeacherEnrollment"
                    && ["active", "invited"].contains($0.workflowState)
            }.map(\.userID)
            members["teachers"] = .array(
                Set(teacherIDs).sorted().compactMap { state.users[$0] }.map { teacher in
                    [
                        "id": .int(teacher.id), "anonymous_id": .string(String(teacher.id, radix: 36)),
                        "display_name": .string(teacher.shortName), "avatar_image_url": .null,
                        "html_url": .string("http://sandbox.invalid/courses/\(course.id)/users/\(teacher.id)"),
                        "pronouns": .null,
                    ]
                })
        }
        if includes.contains("concluded") { members["concluded"] = .bool(course.workflowState == "completed") }
        return .object(members)
    }

    /// Canvas's API name of a course's internal state.
    static func apiWorkflowState(_ internalState: String) -> String {
        ["created", "claimed"].contains(internalState) ? "unpublished" : internalState
    }

    /// `user_json`.
    func json(_ user: UserRecord, extended: Bool = false) -> JSONValue {
        let login = primaryLogin(user.id)
        var members: JSONValuesObject = [
            "id": .int(user.id), "name": .string(user.name), "created_at": .string(user.createdAt),
            "sortable_name": .string(user.sortableName), "short_name": .string(user.shortName),
            "sis_user_id": Self.optional(login?.sisUserID), "integration_id": Self.optional(login?.integrationID),
            "sis_import_id": .null, "root_account": "sandbox.invalid", "login_id": Self.optional(login?.uniqueID),
        ]
        if let email = user.email { members["email"] = .string(email) }
        if extended {
            members["locale"] = Self.optional(user.locale)
            members["uuid"] = .string(user.uuid)
            members["time_zone"] = Self.optional(user.timeZone)
        }
        return .object(members)
    }

    func json(_ login: LoginRecord) -> JSONValue {
        [
            "id": .int(login.id), "user_id": .int(login.userID), "account_id": .int(login.accountID),
            "unique_id": .string(login.uniqueID), "sis_user_id": Self.optional(login.sisUserID),
            "integration_id": Self.optional(login.integrationID), "authentication_provider_id": .null,
            "authentication_provider_type": .null, "created_at": .string(login.createdAt),
            "workflow_state": .string(login.workflowState), "declared_user_type": .null,
        ]
    }

    func json(_ section: SectionRecord, includes: [String] = []) -> JSONValue {
        var members: JSONValuesObject = [
            "id": .int(section.id), "course_id": .int(section.courseID), "name": .string(section.name),
            "start_at": Self.optional(section.startAt), "end_at": Self.optional(section.endAt),
            "created_at": .string(section.createdAt),
            "restrict_enrollments_to_section_dates": .bool(section.restrictEnrollmentsToSectionDates),
            "nonxlist_course_id": section.nonxlistCourseID.map(JSONValue.int) ?? .null,
            "sis_section_id": Self.optional(section.sisSectionID),
            "sis_course_id": Self.optional(state.courses[section.courseID]?.sisCourseID),
            "integration_id": Self.optional(section.integrationID), "sis_import_id": .null,
        ]
        let active = state.enrollments.values.filter {
            $0.sectionID == section.id && !["deleted", "completed", "inactive"].contains($0.workflowState)
        }
        if includes.contains("total_students") {
            members["total_students"] = .int(active.filter { $0.type == "StudentEnrollment" }.count)
        }
        if includes.contains("students") {
            let students = active.filter { $0.type == "StudentEnrollment" }.sorted { $0.userID < $1.userID }
                .compactMap { state.users[$0.userID] }
            members["students"] = students.isEmpty ? .null : .array(students.map { json($0) })
        }
        if includes.contains("enrollments") {
            members["enrollments"] = .array(active.sorted { $0.id < $1.id }.map { json($0) })
        }
        return .object(members)
    }

    func json(_ enrollment: EnrollmentRecord) -> JSONValue {
        let course = state.courses[enrollment.courseID]
        let user = state.users[enrollment.userID]
        var members: JSONValuesObject = [
            "id": .int(enrollment.id), "user_id": .int(enrollment.userID), "course_id": .int(enrollment.courseID),
            "type": .string(enrollment.type), "created_at": .string(enrollment.createdAt),
            "updated_at": .string(enrollment.updatedAt),
            "associated_user_id": enrollment.associatedUserID.map(JSONValue.int) ?? .null,
            "start_at": Self.optional(enrollment.startAt), "end_at": Self.optional(enrollment.endAt),
            "course_section_id": .int(enrollment.sectionID), "root_account_id": .int(course?.rootAccountID ?? 1),
            "limit_privileges_to_course_section": .bool(enrollment.limitPrivilegesToCourseSection),
            "enrollment_state": .string(enrollment.workflowState), "role": .string(enrollment.role),
            "role_id": .int(Self.roleID(enrollment.role)), "last_activity_at": .null,
            "last_attended_at": .null, "total_activity_time": 0, "sis_import_id": .null,
            "sis_course_id": Self.optional(course?.sisCourseID),
            "course_integration_id": Self.optional(course?.integrationID),
            "sis_section_id": Self.optional(state.sections[enrollment.sectionID]?.sisSectionID),
            "section_integration_id": .null, "sis_user_id": Self.optional(primaryLogin(enrollment.userID)?.sisUserID),
            "html_url": .string("http://sandbox.invalid/courses/\(enrollment.courseID)/users/\(enrollment.userID)"),
        ]
        if enrollment.type == "StudentEnrollment" {
            members["grades"] = [
                "html_url": .string(
                    "http://sandbox.invalid/courses/\(enrollment.courseID)/grades/\(enrollment.userID)"),
                "current_grade": .null, "current_score": .null, "final_grade": .null, "final_score": .null,
                "unposted_current_score": .null, "unposted_current_grade": .null, "unposted_final_score": .null,
                "unposted_final_grade": .null,
            ]
        }
        if let user {
            members["user"] = [
                "id": .int(user.id), "name": .string(user.name), "created_at": .string(user.createdAt),
                "sortable_name": .string(user.sortableName), "short_name": .string(user.shortName),
                "sis_user_id": Self.optional(primaryLogin(user.id)?.sisUserID), "integration_id": .null,
                "login_id": Self.optional(primaryLogin(user.id)?.uniqueID),
            ]
        }
        return .object(members)
    }

    /// The built-in role ids of a root account, in Canvas's usual order.
    static func roleID(_ role: String) -> Int {
        switch role {
        case "StudentEnrollment": 3
        case "TeacherEnrollment": 4
        case "TaEnrollment": 5
        case "DesignerEnrollment": 6
        case "ObserverEnrollment": 7
        default: 3
        }
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
