/// Applies one row of a SIS import as Canvas does: terms, courses, sections, users and enrollments, with Canvas's
/// statuses, its messages for rows it skips, and stuck fields left alone unless the import overrides them.
extension SandboxStore {
    enum SISRowOutcome { case applied, skipped(String) }

    func applySISRow(_ row: SISPendingRow, overrideStickiness: Bool, cache: inout SISLookupCache) -> SISRowOutcome {
        let cells = row.cells.mapValues { $0.trimmingCharacters(in: " ") }
        let sticky = SISStickiness(store: self, override: overrideStickiness)
        switch row.kind {
        case "user": return applyUserRow(cells, sticky: sticky, cache: &cache)
        case "course": return applyCourseRow(cells, sticky: sticky)
        case "section": return applySectionRow(cells, sticky: sticky, cache: &cache)
        case "enrollment": return applyEnrollmentRow(cells, cache: &cache)
        case "term": return applyTermRow(cells, sticky: sticky)
        default: return .skipped("\(row.kind) files are not supported by the sandbox")
        }
    }

    private func applyUserRow(_ row: [String: String], sticky: SISStickiness, cache: inout SISLookupCache)
        -> SISRowOutcome
    {
        guard let sis = row.nonEmpty("user_id") else { return .skipped("No user_id given for user") }
        guard let login = row.nonEmpty("login_id") else { return .skipped("No login_id given for user \(sis)") }
        guard let status = row.nonEmpty("status")?.lowercased() else {
            return .skipped("No status given for user \(sis)")
        }
        guard ["active", "suspended", "deleted"].contains(status) else {
            return .skipped("Improper status \"\(status)\" for user \(sis)")
        }
        let fullName =
            row.nonEmpty("full_name")
            ?? [row.nonEmpty("first_name"), row.nonEmpty("last_name")].compactMap { $0 }.joined(separator: " ")
        let existing = cache.logins[sis].flatMap { state.logins[$0] }
        if let holder = state.logins.values.first(where: {
            $0.uniqueID.lowercased() == login.lowercased() && $0.sisUserID != sis
        }) {
            return .skipped(
                "An existing Canvas user with the SIS ID \(holder.sisUserID ?? "(none)") has already claimed "
                    + "\(sis)'s requested login information, skipping")
        }
        var loginRecord: LoginRecord
        var user: UserRecord
        if let existing, let found = state.users[existing.userID] {
            loginRecord = existing
            user = found
        } else {
            let display = fullName.isEmpty ? login : fullName
            user = UserRecord(
                id: state.nextID("user"), name: display, shortName: display, sortableName: Self.sortableName(display),
                uuid: newUUID(), createdAt: timestamp, email: nil)
            loginRecord = LoginRecord(
                id: state.nextID("login"), userID: user.id, accountID: 1, uniqueID: login, sisUserID: sis,
                integrationID: row.nonEmpty("integration_id"), createdAt: timestamp)
            cache.logins[sis] = loginRecord.id
        }
        if sticky.writes("user", user.id, "name"), !fullName.isEmpty, fullName != user.name {
            user.name = fullName
            if row["sortable_name"] == nil { user.sortableName = Self.sortableName(fullName) }
            if row["short_name"] == nil { user.shortName = fullName }
        }
        if let sortable = row.nonEmpty("sortable_name"), sticky.writes("user", user.id, "sortable_name") {
            user.sortableName = sortable
        }
        if let short = row.nonEmpty("short_name"), sticky.writes("user", user.id, "short_name") {
            user.shortName = short
        }
        if let email = row.nonEmpty("email") { user.email = email }
        if sticky.writes("login", loginRecord.id, "unique_id") { loginRecord.uniqueID = login }
        if let integration = row.nonEmpty("integration_id") { loginRecord.integrationID = integration }
        loginRecord.workflowState = status
        user.workflowState = status == "deleted" ? "deleted" : "registered"
        if status == "deleted" {
            for enrollment in state.enrollments.values where enrollment.userID == user.id {
                state.enrollments[enrollment.id]?.workflowState = "deleted"
            }
        }
        state.users[user.id] = user
        state.logins[loginRecord.id] = loginRecord
        return .applied
    }

    private func applyCourseRow(_ row: [String: String], sticky: SISStickiness) -> SISRowOutcome {
        guard let sis = row.nonEmpty("course_id") else { return .skipped("No course_id given for a course") }
        guard let short = row.nonEmpty("short_name") else { return .skipped("No short_name given for course \(sis)") }
        guard let long = row.nonEmpty("long_name") else { return .skipped("No long_name given for course \(sis)") }
        let status = row.nonEmpty("status")?.lowercased() ?? ""
        guard ["active", "published", "unpublished", "completed", "deleted"].contains(status) else {
            return .skipped("Improper status \"\(status)\" for course \(sis)")
        }
        var accountID = 1
        if let accountSIS = row.nonEmpty("account_id") {
            guard let account = state.accounts.values.first(where: { $0.sisAccountID == accountSIS }) else {
                return .skipped("Account not found \"\(accountSIS)\" for course \(sis)")
            }
            accountID = account.id
        }
        var termID = state.accounts[1]?.defaultTermID ?? 1
        if let termSIS = row.nonEmpty("term_id") {
            guard let term = state.terms.values.first(where: { $0.sisTermID == termSIS }) else {
                return .skipped("Term not found \"\(termSIS)\" for course \(sis)")
            }
            termID = term.id
        }
        let isNew = state.course(sis: sis) == nil
        var course =
            state.course(sis: sis)
            ?? CourseRecord(
                id: state.nextID("course"), name: long, courseCode: short, sisCourseID: sis, uuid: newUUID(),
                accountID: accountID, rootAccountID: 1, termID: termID, workflowState: "claimed", createdAt: timestamp)
        if isNew || sticky.writes("course", course.id, "name") { course.name = long }
        if isNew || sticky.writes("course", course.id, "course_code") { course.courseCode = short }
        if isNew || sticky.writes("course", course.id, "account") { course.accountID = accountID }
        if row["term_id"] != nil, isNew || sticky.writes("course", course.id, "term") { course.termID = termID }
        if row["start_date"] != nil, isNew || sticky.writes("course", course.id, "start_at") {
            course.startAt = Self.normalizedTime(row.nonEmpty("start_date"))
        }
        if row["end_date"] != nil, isNew || sticky.writes("course", course.id, "conclude_at") {
            course.endAt = Self.normalizedTime(row.nonEmpty("end_date"))
        }
        if isNew || sticky.writes("course", course.id, "status") {
            switch status {
            case "active", "unpublished":
                if ["deleted", "created"].contains(course.workflowState) {
                    course.workflowState = "claimed"
                } else if course.workflowState == "completed" {
                    course.workflowState = "available"
                }
            case "published": course.workflowState = "available"
            case "completed": course.workflowState = "completed"
            default: course.workflowState = "deleted"
            }
        }
        state.putCourse(course)
        _ = defaultSection(for: course)
        return .applied
    }

    private func applySectionRow(_ row: [String: String], sticky: SISStickiness, cache: inout SISLookupCache)
        -> SISRowOutcome
    {
        guard let sis = row.nonEmpty("section_id") else { return .skipped("No section_id given for a section") }
        guard let courseSIS = row.nonEmpty("course_id") else {
            return .skipped("No course_id given for a section \(sis)")
        }
        guard let name = row.nonEmpty("name") else { return .skipped("No name given for section \(sis)") }
        let status = row.nonEmpty("status")?.lowercased() ?? ""
        guard ["active", "deleted"].contains(status) else {
            return .skipped("Improper status \"\(status)\" for section \(sis)")
        }
        guard let course = state.course(sis: courseSIS), course.workflowState != "deleted" else {
            return .skipped("Section \(sis) references course \(courseSIS) which doesn't exist")
        }
        let existing = cache.sections[sis].flatMap { state.sections[$0] }
        var section =
            existing
            ?? SectionRecord(
                id: state.nextID("section"), courseID: course.id, name: name, sisSectionID: sis, createdAt: timestamp)
        cache.sections[sis] = section.id
        let isNew = existing == nil
        if isNew || sticky.writes("section", section.id, "name") { section.name = name }
        if section.courseID != course.id, sticky.writes("section", section.id, "course_id") {
            section.courseID = course.id
            section.nonxlistCourseID = nil
            for enrollment in state.enrollments.values where enrollment.sectionID == section.id {
                state.enrollments[enrollment.id]?.courseID = course.id
            }
        }
        if row["start_date"] != nil, isNew || sticky.writes("section", section.id, "start_at") {
            section.startAt = Self.normalizedTime(row.nonEmpty("start_date"))
        }
        if row["end_date"] != nil, isNew || sticky.writes("section", section.id, "end_at") {
            section.endAt = Self.normalizedTime(row.nonEmpty("end_date"))
        }
        if let integration = row.nonEmpty("integration_id") { section.integrationID = integration }
        section.workflowState = status
        if status == "deleted" {
            for enrollment in state.enrollments.values
            where enrollment.sectionID == section.id && enrollment.workflowState == "active" {
                state.enrollments[enrollment.id]?.workflowState = "deleted"
            }
        }
        state.sections[section.id] = section
        return .applied
    }

    private func applyEnrollmentRow(_ row: [String: String], cache: inout SISLookupCache) -> SISRowOutcome {
        let courseSIS = row.nonEmpty("course_id")
        let sectionSIS = row.nonEmpty("section_id")
        let userSIS = row.nonEmpty("user_id")
        let ids = "(User ID: \(userSIS ?? ""), Course ID: \(courseSIS ?? ""), Section ID: \(sectionSIS ?? ""))"
        guard courseSIS != nil || sectionSIS != nil else { return .skipped("No course_id or section_id given \(ids)") }
        guard let userSIS else { return .skipped("No user_id given for an enrollment \(ids)") }
        guard let status = row.nonEmpty("status")?.lowercased() else {
            return .skipped("No status given for enrollment \(ids)")
        }
        let states = [
            "active": "active", "inactive": "inactive", "completed": "completed", "deleted": "deleted",
            "deleted_last_completed": "deleted",
        ]
        guard let workflowState = states[status] else {
            return .skipped("Improper status \"\(status)\" for an enrollment")
        }
        let roleText = row.nonEmpty("role") ?? ""
        let types = [
            "student": "StudentEnrollment", "teacher": "TeacherEnrollment", "ta": "TaEnrollment",
            "observer": "ObserverEnrollment", "designer": "DesignerEnrollment",
        ]
        guard let type = types[roleText.lowercased()] else {
            return .skipped("Improper role \"\(roleText)\" for an enrollment")
        }
        var section: SectionRecord?
        if let sectionSIS {
            guard let found = cache.sections[sectionSIS].flatMap({ state.sections[$0] }),
                found.workflowState != "deleted"
            else { return .skipped("An enrollment referenced a non-existent section \(sectionSIS)") }
            section = found
        }
        var course: CourseRecord?
        if let courseSIS {
            guard let found = state.course(sis: courseSIS), found.workflowState != "deleted" else {
                return .skipped("An enrollment referenced a non-existent course \(courseSIS)")
            }
            if let section, section.courseID != found.id {
                return .skipped(
                    "An enrollment listed a section (\(sectionSIS ?? "")) and a course (\(courseSIS)) that are "
                        + "unrelated for user (\(userSIS))")
            }
            course = found
        }
        guard let loginID = cache.logins[userSIS], let login = state.logins[loginID], login.workflowState != "deleted"
        else { return .skipped("User not found for enrollment \(ids)") }
        guard let course = course ?? section.flatMap({ state.courses[$0.courseID] }) else {
            return .skipped("An enrollment referenced a non-existent course \(courseSIS ?? "")")
        }
        let target = section ?? defaultSection(for: course)
        if var existing = state.enrollments.values.first(where: {
            $0.userID == login.userID && $0.sectionID == target.id && $0.type == type
        }) {
            existing.workflowState = workflowState
            existing.updatedAt = timestamp
            state.enrollments[existing.id] = existing
        } else {
            let enrollment = EnrollmentRecord(
                id: state.nextID("enrollment"), userID: login.userID, courseID: course.id, sectionID: target.id,
                type: type, role: type, workflowState: workflowState, createdAt: timestamp, updatedAt: timestamp)
            state.enrollments[enrollment.id] = enrollment
        }
        return .applied
    }

    private func applyTermRow(_ row: [String: String], sticky: SISStickiness) -> SISRowOutcome {
        guard let sis = row.nonEmpty("term_id") else { return .skipped("No term_id given for a term") }
        guard let name = row.nonEmpty("name") else { return .skipped("No name given for term \(sis)") }
        let status = row.nonEmpty("status")?.lowercased() ?? ""
        guard ["active", "deleted"].contains(status) else {
            return .skipped("Improper status \"\(status)\" for term \(sis)")
        }
        let existing = state.terms.values.first(where: { $0.sisTermID == sis })
        var term =
            existing
            ?? TermRecord(id: state.nextID("term"), name: name, sisTermID: sis, rootAccountID: 1, createdAt: timestamp)
        let isNew = existing == nil
        if isNew || sticky.writes("term", term.id, "name") { term.name = name }
        if row["start_date"] != nil, isNew || sticky.writes("term", term.id, "start_at") {
            term.startAt = Self.normalizedTime(row.nonEmpty("start_date"))
        }
        if row["end_date"] != nil, isNew || sticky.writes("term", term.id, "end_at") {
            term.endAt = Self.normalizedTime(row.nonEmpty("end_date"))
        }
        term.workflowState = status
        state.terms[term.id] = term
        return .applied
    }
}

/// Whether an import may write a field: stuck fields (changed through the API or the UI) are skipped silently
/// unless the import overrides stickiness (SIS-IMPORTS.md 3.2).
struct SISStickiness {
    let stuck: [String: [String]]
    let override: Bool

    init(store: isolated SandboxStore, override: Bool) {
        stuck = store.state.sisStuckFields ?? [:]
        self.override = override
    }

    func writes(_ kind: String, _ id: Int, _ field: String) -> Bool {
        override || !(stuck["\(kind):\(id)"]?.contains(field) ?? false)
    }
}

extension SandboxStore {
    /// Marks fields an API write changed as stuck, so that imports without override leave them alone.
    func markStuck(_ kind: String, _ id: Int, _ fields: [String]) {
        guard !fields.isEmpty else { return }
        var stuck = state.sisStuckFields ?? [:]
        stuck["\(kind):\(id)"] = Array(Set((stuck["\(kind):\(id)"] ?? []) + fields)).sorted()
        state.sisStuckFields = stuck
    }
}

extension SandboxStore {
    /// Marks the sticky fields of a section that an API update changed (SIS-IMPORTS.md 3.2).
    func markStuck(section: SectionRecord, before: SectionRecord) {
        var changed: [String] = []
        if section.name != before.name { changed.append("name") }
        if section.courseID != before.courseID { changed.append("course_id") }
        if section.startAt != before.startAt { changed.append("start_at") }
        if section.endAt != before.endAt { changed.append("end_at") }
        markStuck("section", section.id, changed)
    }

    /// Marks the sticky fields of a user that an API update changed.
    func markStuck(user: UserRecord, before: UserRecord) {
        var changed: [String] = []
        if user.name != before.name { changed.append("name") }
        if user.sortableName != before.sortableName { changed.append("sortable_name") }
        if user.shortName != before.shortName { changed.append("short_name") }
        markStuck("user", user.id, changed)
    }
}

extension [String: String] {
    /// The cell, or nil when the column is absent or the cell empty.
    fileprivate func nonEmpty(_ column: String) -> String? {
        guard let value = self[column]?.trimmingCharacters(in: " "), !value.isEmpty else { return nil }
        return value
    }
}
