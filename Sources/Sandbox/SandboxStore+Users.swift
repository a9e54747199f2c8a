import CanvasRules
import JSONValues

/// Users and their logins (CANVAS-API.md 6.6).
extension SandboxStore {
    func getUser(_ call: APICall) throws -> APIResponse {
        let user = try findUser(call.path("user_id"), call: call)
        guard user.id == call.currentUserID || isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
        return .json(json(user, extended: true))
    }

    func getProfile(_ call: APICall) throws -> APIResponse {
        let user = try findUser(call.path("user_id"), call: call)
        guard user.id == call.currentUserID || isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
        let login = primaryLogin(user.id)
        return .json([
            "id": .int(user.id), "name": .string(user.name), "short_name": .string(user.shortName),
            "sortable_name": .string(user.sortableName), "title": .null, "bio": .null,
            "primary_email": Self.optional(user.email), "login_id": Self.optional(login?.uniqueID),
            "sis_user_id": Self.optional(login?.sisUserID), "integration_id": Self.optional(login?.integrationID),
            "time_zone": Self.optional(user.timeZone), "locale": Self.optional(user.locale),
        ])
    }

    func listAccountUsers(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let tree = accountTree(account.id)
        let search = call.parameters.string("search_term")?.lowercased()
        if let search, !search.isEmpty, search.count < 2 {
            throw CanvasAPIError.custom(
                status: 400,
                [
                    "errors": [
                        [
                            "field": "search_term", "message": "search_term of 2 or more characters is required",
                            "error_code": "invalid_search_term",
                        ]
                    ]
                ]
            )
        }
        let userIDs = Set(
            state.logins.values.filter { tree.contains($0.accountID) || account.parentAccountID == nil }.map(\.userID))
        let users = userIDs.compactMap { state.users[$0] }.filter { user in
            guard user.workflowState != "deleted" else { return false }
            guard let search, !search.isEmpty else { return true }
            let login = primaryLogin(user.id)
            return user.name.lowercased().contains(search) || (login?.uniqueID.lowercased().contains(search) ?? false)
                || (login?.sisUserID?.lowercased().contains(search) ?? false)
                || (user.email?.lowercased().contains(search) ?? false)
        }.sorted { $0.sortableName == $1.sortableName ? $0.id < $1.id : $0.sortableName < $1.sortableName }
        return try paginate(users, call) { json($0) }
    }

    func createUser(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let parameters = call.parameters
        let uniqueID = (parameters.string("pseudonym", "unique_id") ?? "").trimmingCharacters(in: " ")
        var pseudonymErrors: [(attribute: String, type: String, message: String)] = []
        var userErrors: [(attribute: String, type: String, message: String)] = []
        if uniqueID.isEmpty {
            pseudonymErrors.append(("unique_id", "blank", "blank"))
        } else if state.logins.values.contains(where: {
            $0.uniqueID.lowercased() == uniqueID.lowercased() && $0.workflowState != "deleted"
        }) {
            pseudonymErrors.append(
                ("unique_id", "taken", "ID already in use for this account and authentication provider"))
        }
        // Canvas's default password policy: at least 8 characters, when a password is given.
        if let password = parameters.string("pseudonym", "password"), password.count < 8 {
            pseudonymErrors.append(("password", "too_short", "too_short"))
        }
        let sis = parameters.string("pseudonym", "sis_user_id").flatMap { $0.isEmpty ? nil : $0 }
        if let sis, state.logins.values.contains(where: { $0.sisUserID == sis }) {
            pseudonymErrors.append(("sis_user_id", "taken", "The SIS ID \"\(sis)\" is already in use"))
        }
        let name = parameters.string("user", "name") ?? ""
        if name.count > 255 { userErrors.append(("name", "too_long", "Name is too long (maximum is 255 characters)")) }
        if !pseudonymErrors.isEmpty || !userErrors.isEmpty {
            throw CanvasAPIError.custom(
                status: 400,
                [
                    "errors": [
                        "user": CanvasAPIError.attributeKeyed(userErrors),
                        "pseudonym": CanvasAPIError.attributeKeyed(pseudonymErrors), "observee": [:],
                        "pairing_code": [:], "recaptcha": .null,
                    ]
                ]
            )
        }
        let displayName = name.isEmpty ? uniqueID : name
        let user = UserRecord(
            id: state.nextID("user"), name: displayName,
            shortName: parameters.string("user", "short_name") ?? displayName,
            sortableName: parameters.string("user", "sortable_name") ?? Self.sortableName(displayName), uuid: newUUID(),
            createdAt: timestamp, locale: parameters.string("user", "locale"),
            timeZone: parameters.string("user", "time_zone").map(RailsTimeZones.ianaName),
            email: parameters.string("communication_channel", "address")
        )
        state.users[user.id] = user
        let login = LoginRecord(
            id: state.nextID("login"), userID: user.id, accountID: account.rootAccountID ?? account.id,
            uniqueID: uniqueID, sisUserID: sis, integrationID: parameters.string("pseudonym", "integration_id"),
            createdAt: timestamp
        )
        state.logins[login.id] = login
        return .json(json(user, extended: true))
    }

    func updateUser(_ call: APICall) throws -> APIResponse {
        var user = try findUser(call.path("user_id"), call: call)
        guard user.id == call.currentUserID || isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
        let parameters = call.parameters
        if let name = parameters.string("user", "name"), !name.isEmpty { user.name = name }
        if let short = parameters.string("user", "short_name"), !short.isEmpty { user.shortName = short }
        if let sortable = parameters.string("user", "sortable_name"), !sortable.isEmpty { user.sortableName = sortable }
        if let email = parameters.string("user", "email"), !email.isEmpty { user.email = email }
        if let zone = parameters.string("user", "time_zone") {
            user.timeZone = zone.isEmpty ? nil : RailsTimeZones.ianaName(zone)
        }
        if let locale = parameters.string("user", "locale") { user.locale = locale.isEmpty ? nil : locale }
        markStuck(user: user, before: try findUser(call.path("user_id"), call: call))
        state.users[user.id] = user
        return .json(json(user, extended: true))
    }

    /// `DELETE /api/v1/accounts/:account_id/users/:user_id` (`accounts#remove_user`): deletes a user.
    ///
    /// The user leaves the root account, its logins and enrollments with it, and the answer is the user. Users
    /// are deleted only through their root account: a sub-account is not found.
    func deleteUser(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        guard account.parentAccountID == nil else { throw CanvasAPIError.notFound }
        var user = try findUser(call.path("user_id"), call: call)
        let answer = json(user)
        for login in state.logins.values where login.userID == user.id && login.workflowState != "deleted" {
            var removed = login
            removed.workflowState = "deleted"
            state.logins[login.id] = removed
        }
        for enrollment in state.enrollments.values where enrollment.userID == user.id {
            var removed = enrollment
            removed.workflowState = "deleted"
            removed.updatedAt = timestamp
            state.enrollments[enrollment.id] = removed
        }
        user.workflowState = "deleted"
        state.users[user.id] = user
        return .json(answer)
    }

    func listLogins(_ call: APICall) throws -> APIResponse {
        let user = try findUser(call.path("user_id"), call: call)
        guard user.id == call.currentUserID || isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
        let logins = state.logins.values.filter { $0.userID == user.id && $0.workflowState != "deleted" }
            .sorted { $0.id < $1.id }
        return try paginate(logins, call) { json($0) }
    }

    func createLogin(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        guard let userText = call.parameters.string("user", "id") else {
            throw CanvasAPIError.parameterMissing("user[id]")
        }
        let user = try findUser(userText, call: call)
        let uniqueID = (call.parameters.string("login", "unique_id") ?? "").trimmingCharacters(in: " ")
        if uniqueID.isEmpty {
            throw CanvasAPIError.invalid(attributeErrors: [("unique_id", "blank", "blank")])
        }
        if state.logins.values.contains(where: { $0.uniqueID.lowercased() == uniqueID.lowercased() }) {
            throw CanvasAPIError.invalid(
                attributeErrors: [
                    ("unique_id", "taken", "ID already in use for this account and authentication provider")
                ]
            )
        }
        let login = LoginRecord(
            id: state.nextID("login"), userID: user.id, accountID: account.rootAccountID ?? account.id,
            uniqueID: uniqueID, sisUserID: call.parameters.string("login", "sis_user_id"), createdAt: timestamp
        )
        state.logins[login.id] = login
        return .json(json(login))
    }

    func listCourseUsers(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        try requireCourseAccess(course, call)
        let types = Set(call.parameters.strings("enrollment_type").map { $0.lowercased() })
        let search = call.parameters.string("search_term")?.lowercased()
        let enrollments = state.enrollments.values.filter { (enrollment: EnrollmentRecord) -> Bool in
            guard enrollment.courseID == course.id, ["active", "invited"].contains(enrollment.workflowState) else {
                return false
            }
            let shortType = String(enrollment.type.dropLast("Enrollment".count)).lowercased()
            return types.isEmpty || types.contains(shortType)
        }
        let userIDs = Set(enrollments.map(\.userID))
        let enrolledUsers: [UserRecord] = userIDs.compactMap { state.users[$0] }
        let matchingUsers = enrolledUsers.filter { (user: UserRecord) -> Bool in
            guard let search, !search.isEmpty else { return true }
            return user.name.lowercased().contains(search)
        }
        let users = matchingUsers.sorted { (lhs: UserRecord, rhs: UserRecord) -> Bool in
            lhs.sortableName == rhs.sortableName ? lhs.id < rhs.id : lhs.sortableName < rhs.sortableName
        }
        return try paginate(users, call) { json($0) }
    }

    /// "Last, First" from "First Last", as Canvas guesses it.
    static func sortableName(_ name: String) -> String {
        let parts = name.split(separator: " ")
        guard parts.count > 1, let last = parts.last else { return name }
        return "\(last), \(parts.dropLast().joined(separator: " "))"
    }
}
