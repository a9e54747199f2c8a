/// Applies the rows of a SIS import: users.csv, courses.csv, sections.csv, enrollments.csv, terms.csv.
extension SandboxStore {
    func runSISImport(_ record: inout SISImportRecord) {
        var counts: [String: Int] = [:]
        var warnings: [[String]] = []
        var errors: [[String]] = []
        for file in record.files {
            guard let kind = Self.sisKind(file) else {
                errors.append([file.name, "Couldn't find Canvas CSV import headers"])
                continue
            }
            for (index, row) in SISCSV.records(file.text).enumerated() {
                let line = index + 2
                switch applySISRow(kind, row) {
                case .applied: counts["\(kind)s", default: 0] += 1
                case .warning(let message): warnings.append([file.name, "\(message) (line \(line))"])
                case .error(let message): errors.append([file.name, "\(message) (line \(line))"])
                }
            }
        }
        counts["warning_count"] = warnings.count
        counts["error_count"] = errors.count
        record.counts = counts
        record.warnings = warnings
        record.errors = errors
        record.progress = 100
        record.endedAt = timestamp
        let applied = counts.filter { !["warning_count", "error_count"].contains($0.key) }.values.reduce(0, +)
        if errors.isEmpty {
            record.workflowState = warnings.isEmpty ? "imported" : "imported_with_messages"
        } else {
            record.workflowState = applied > 0 ? "imported_with_messages" : "failed_with_messages"
        }
    }

    enum SISRowOutcome { case applied, warning(String), error(String) }

    private func applySISRow(_ kind: String, _ row: [String: String]) -> SISRowOutcome {
        let status = row["status"]?.lowercased() ?? "active"
        switch kind {
        case "user":
            guard let sis = row["user_id"], !sis.isEmpty, let login = row["login_id"], !login.isEmpty else {
                return .error("No user_id or login_id given for user")
            }
            let name =
                row["full_name"].flatMap { $0.isEmpty ? nil : $0 }
                ?? [row["first_name"], row["last_name"]].compactMap { $0 }.joined(separator: " ")
            if let existing = state.logins.values.first(where: { $0.sisUserID == sis }) {
                var user = state.users[existing.userID]
                if !name.isEmpty {
                    user?.name = name; user?.sortableName = Self.sortableName(name); user?.shortName = name
                }
                if let email = row["email"], !email.isEmpty { user?.email = email }
                user?.workflowState = status == "deleted" ? "deleted" : "registered"
                if let user { state.users[user.id] = user }
                var updated = existing
                updated.uniqueID = login
                state.logins[existing.id] = updated
                return .applied
            }
            if state.logins.values.contains(where: { $0.uniqueID.lowercased() == login.lowercased() }) {
                return .warning(
                    "An existing Canvas user with the login \(login) already exists; user \(sis) not imported")
            }
            let display = name.isEmpty ? login : name
            let user = UserRecord(
                id: state.nextID("user"), name: display, shortName: display, sortableName: Self.sortableName(display),
                uuid: newUUID(), createdAt: timestamp, email: row["email"].flatMap { $0.isEmpty ? nil : $0 },
                workflowState: status == "deleted" ? "deleted" : "registered"
            )
            state.users[user.id] = user
            let loginRecord = LoginRecord(
                id: state.nextID("login"), userID: user.id, accountID: 1, uniqueID: login, sisUserID: sis,
                integrationID: row["integration_id"], createdAt: timestamp
            )
            state.logins[loginRecord.id] = loginRecord
            return .applied
        case "course":
            guard let sis = row["course_id"], !sis.isEmpty, let short = row["short_name"], let long = row["long_name"]
            else {
                return .error("No course_id, short_name or long_name given for course")
            }
            var accountID = 1
            if let accountSIS = row["account_id"], !accountSIS.isEmpty {
                guard let account = state.accounts.values.first(where: { $0.sisAccountID == accountSIS }) else {
                    return .warning("Account not found \"\(accountSIS)\" for course \(sis)")
                }
                accountID = account.id
            }
            var termID = state.accounts[1]?.defaultTermID ?? 1
            if let termSIS = row["term_id"], !termSIS.isEmpty {
                guard let term = state.terms.values.first(where: { $0.sisTermID == termSIS }) else {
                    return .warning("Term not found \"\(termSIS)\" for course \(sis)")
                }
                termID = term.id
            }
            var course =
                state.course(sis: sis)
                ?? CourseRecord(
                    id: state.nextID("course"), name: long, courseCode: short, sisCourseID: sis, uuid: newUUID(),
                    accountID: accountID, rootAccountID: 1, termID: termID, workflowState: "claimed",
                    createdAt: timestamp
                )
            course.name = long
            course.courseCode = short
            course.accountID = accountID
            course.termID = termID
            switch status {
            case "active":
                if course.workflowState == "deleted" || course.workflowState == "created" {
                    course.workflowState = "claimed"
                }
            case "deleted": course.workflowState = "deleted"
            case "completed": course.workflowState = "completed"
            case "published": course.workflowState = "available"
            default: return .error("Improper status \"\(status)\" for course \(sis)")
            }
            state.putCourse(course)
            _ = defaultSection(for: course)
            return .applied
        case "section":
            guard let sis = row["section_id"], !sis.isEmpty, let courseSIS = row["course_id"], let name = row["name"]
            else {
                return .error("No section_id, course_id or name given for section")
            }
            guard let course = state.course(sis: courseSIS) else {
                return .warning("Section \(sis) references course \(courseSIS) which doesn't exist")
            }
            var section =
                state.sections.values.first(where: { $0.sisSectionID == sis })
                ?? SectionRecord(
                    id: state.nextID("section"), courseID: course.id, name: name, sisSectionID: sis,
                    createdAt: timestamp
                )
            section.name = name
            section.workflowState = status == "deleted" ? "deleted" : "active"
            state.sections[section.id] = section
            return .applied
        case "enrollment":
            guard let userSIS = row["user_id"], let role = row["role"]?.lowercased() else {
                return .error("No user_id or role given for enrollment")
            }
            let types = [
                "student": "StudentEnrollment", "teacher": "TeacherEnrollment", "ta": "TaEnrollment",
                "observer": "ObserverEnrollment", "designer": "DesignerEnrollment",
            ]
            guard let type = types[role] else { return .warning("Improper role \"\(role)\" for an enrollment") }
            guard let login = state.logins.values.first(where: { $0.sisUserID == userSIS }) else {
                return .warning("User \(userSIS) didn't exist for user enrollment")
            }
            let section = row["section_id"].flatMap { sis in
                state.sections.values.first { $0.sisSectionID == sis && !sis.isEmpty }
            }
            guard
                let course = section.flatMap({ state.courses[$0.courseID] })
                    ?? row["course_id"].flatMap({ sis in
                        state.courses.values.first { $0.sisCourseID == sis && !sis.isEmpty }
                    })
            else { return .warning("Neither course nor section existed for user enrollment (\(userSIS))") }
            let target = section ?? defaultSection(for: course)
            let workflowState =
                ["active": "active", "deleted": "deleted", "completed": "completed", "inactive": "inactive"][status]
                ?? "active"
            if var existing = state.enrollments.values.first(where: {
                $0.userID == login.userID && $0.sectionID == target.id && $0.type == type
            }) {
                existing.workflowState = workflowState
                existing.updatedAt = timestamp
                state.enrollments[existing.id] = existing
            } else {
                let enrollment = EnrollmentRecord(
                    id: state.nextID("enrollment"), userID: login.userID, courseID: course.id, sectionID: target.id,
                    type: type, role: type, workflowState: workflowState, createdAt: timestamp, updatedAt: timestamp
                )
                state.enrollments[enrollment.id] = enrollment
            }
            return .applied
        case "term":
            guard let sis = row["term_id"], !sis.isEmpty, let name = row["name"] else {
                return .error("No term_id or name given for term")
            }
            var term =
                state.terms.values.first(where: { $0.sisTermID == sis })
                ?? TermRecord(
                    id: state.nextID("term"), name: name, sisTermID: sis, rootAccountID: 1, createdAt: timestamp
                )
            term.name = name
            term.startAt = Self.normalizedTime(row["start_date"])
            term.endAt = Self.normalizedTime(row["end_date"])
            term.workflowState = status == "deleted" ? "deleted" : "active"
            state.terms[term.id] = term
            return .applied
        default:
            return .warning("\(kind) files are not supported by the sandbox")
        }
    }
}
