/// Finding objects by any id form Canvas accepts (CANVAS-API.md section 3); a miss is a 404.
extension SandboxStore {
    func findAccount(_ raw: String) throws -> AccountRecord {
        let account: AccountRecord?
        switch raw.trimmingCharacters(in: " ") {
        case "self", "default": account = state.accounts[1]
        default:
            switch CanvasIDForm(parsing: raw) {
            case .canvasID(let id): account = state.accounts[id]
            case .sis("sis_account_id", let value): account = state.accounts.values.first { $0.sisAccountID == value }
            case .sis("sis_integration_id", let value):
                account = state.accounts.values.first { $0.integrationID == value }
            case .uuid(let uuid): account = state.accounts.values.first { $0.uuid == uuid }
            default: account = nil
            }
        }
        guard let account, account.workflowState != "deleted" else { throw CanvasAPIError.notFound }
        return account
    }

    func findTerm(_ raw: String) throws -> TermRecord {
        let term: TermRecord?
        switch raw.trimmingCharacters(in: " ") {
        case "default": term = state.accounts[1]?.defaultTermID.flatMap { state.terms[$0] }
        case "current":
            let now = timestamp
            let current = state.terms.values.filter { term in
                term.workflowState == "active" && (term.startAt != nil || term.endAt != nil)
                    && (term.startAt.map { $0 <= now } ?? true) && (term.endAt.map { $0 > now } ?? true)
            }
            term = current.count == 1 ? current[0] : nil
        default:
            switch CanvasIDForm(parsing: raw) {
            case .canvasID(let id): term = state.terms[id]
            case .sis("sis_term_id", let value): term = state.terms.values.first { $0.sisTermID == value }
            case .sis("sis_integration_id", let value): term = state.terms.values.first { $0.integrationID == value }
            default: term = nil
            }
        }
        guard let term, term.workflowState != "deleted" else { throw CanvasAPIError.notFound }
        return term
    }

    func findCourse(_ raw: String, includeDeleted: Bool = false) throws -> CourseRecord {
        let course: CourseRecord?
        switch CanvasIDForm(parsing: raw) {
        case .canvasID(let id): course = state.courses[id]
        case .sis("sis_course_id", let value): course = state.course(sis: value)
        case .sis("sis_integration_id", let value): course = state.courses.values.first { $0.integrationID == value }
        case .uuid(let uuid): course = state.courses.values.first { $0.uuid == uuid }
        default: course = nil
        }
        guard let course, includeDeleted || course.workflowState != "deleted" else { throw CanvasAPIError.notFound }
        return course
    }

    func findUser(_ raw: String, call: APICall) throws -> UserRecord {
        let user: UserRecord?
        if raw.trimmingCharacters(in: " ") == "self" {
            user = state.users[call.currentUserID]
        } else {
            switch CanvasIDForm(parsing: raw) {
            case .canvasID(let id): user = state.users[id]
            case .sis("sis_user_id", let value):
                user = state.logins.values.first { $0.sisUserID == value && $0.workflowState != "deleted" }
                    .flatMap { state.users[$0.userID] }
            case .sis("sis_login_id", let value):
                let lowered = value.lowercased()
                user = state.logins.values.first {
                    $0.uniqueID.lowercased() == lowered && $0.workflowState != "deleted"
                }
                .flatMap { state.users[$0.userID] }
            case .sis("sis_integration_id", let value):
                user = state.logins.values.first { $0.integrationID == value }.flatMap { state.users[$0.userID] }
            case .uuid(let uuid): user = state.users.values.first { $0.uuid == uuid }
            default: user = nil
            }
        }
        guard let user, user.workflowState != "deleted" else { throw CanvasAPIError.notFound }
        return user
    }

    func findSection(_ raw: String, in courseID: Int? = nil) throws -> SectionRecord {
        let section: SectionRecord?
        switch CanvasIDForm(parsing: raw) {
        case .canvasID(let id): section = state.sections[id]
        case .sis("sis_section_id", let value): section = state.sections.values.first { $0.sisSectionID == value }
        case .sis("sis_integration_id", let value): section = state.sections.values.first { $0.integrationID == value }
        default: section = nil
        }
        guard let section, section.workflowState != "deleted", courseID.map({ $0 == section.courseID }) ?? true else {
            throw CanvasAPIError.notFound
        }
        return section
    }

    func findEnrollment(_ raw: String, in courseID: Int) throws -> EnrollmentRecord {
        guard case .canvasID(let id) = CanvasIDForm(parsing: raw), let enrollment = state.enrollments[id],
            enrollment.courseID == courseID
        else { throw CanvasAPIError.notFound }
        return enrollment
    }

    /// The account and all its sub-accounts, recursively.
    func accountTree(_ rootID: Int) -> Set<Int> {
        var result: Set<Int> = [rootID]
        var frontier = [rootID]
        while let next = frontier.popLast() {
            for account in state.accounts.values where account.parentAccountID == next && !result.contains(account.id) {
                result.insert(account.id)
                frontier.append(account.id)
            }
        }
        return result
    }

    /// The login of `userID` in the root account.
    func primaryLogin(_ userID: Int) -> LoginRecord? {
        state.logins.values.filter { $0.userID == userID && $0.workflowState != "deleted" }.min { $0.id < $1.id }
    }

    /// The course's default section, created on demand as Canvas does.
    func defaultSection(for course: CourseRecord) -> SectionRecord {
        if let section = state.sections.values.first(where: {
            $0.courseID == course.id && $0.isDefault && $0.workflowState != "deleted"
        }) {
            return section
        }
        let section = SectionRecord(
            id: state.nextID("section"), courseID: course.id, name: course.name, createdAt: timestamp, isDefault: true
        )
        state.sections[section.id] = section
        return section
    }
}
