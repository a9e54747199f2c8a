import CanvasRules
import JSONValues

/// Accounts, sub-accounts and terms.
extension SandboxStore {
    func listAccounts(_ call: APICall) throws -> APIResponse {
        let ids = state.admins.filter { $0.userID == call.currentUserID }.map(\.accountID)
        let accounts = ids.compactMap { state.accounts[$0] }.sorted { $0.id < $1.id }
        return try paginate(accounts, call) { json($0) }
    }

    func getAccount(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        return .json(json(try findAccount(call.path("account_id"))))
    }

    func updateAccount(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var account = try findAccount(call.path("account_id"))
        if let name = call.parameters.string("account", "name"), !name.isEmpty { account.name = name }
        if let zone = call.parameters.string("account", "default_time_zone") {
            account.defaultTimeZone = zone.isEmpty ? nil : RailsTimeZones.ianaName(zone)
        }
        if call.parameters.has("account", "sis_account_id") {
            let sis = call.parameters.string("account", "sis_account_id") ?? ""
            try checkUniqueAccountSIS(sis, except: account.id)
            account.sisAccountID = sis.isEmpty ? nil : sis
        }
        state.accounts[account.id] = account
        return .json(json(account))
    }

    func listSubAccounts(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let recursive = call.parameters.bool("recursive") ?? false
        let ids =
            recursive
            ? accountTree(account.id).subtracting([account.id])
            : Set(
                state.accounts.values.filter { $0.parentAccountID == account.id }.map(\.id)
            )
        let accounts = ids.compactMap { state.accounts[$0] }.filter { $0.workflowState == "active" }
            .sorted { $0.id < $1.id }
        return try paginate(accounts, call) { json($0) }
    }

    func createSubAccount(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let parent = try findAccount(call.path("account_id"))
        guard let name = call.parameters.string("account", "name"), !name.isEmpty else {
            throw CanvasAPIError.invalid(attributeErrors: [("name", "blank", "blank")])
        }
        let sis = call.parameters.string("account", "sis_account_id").flatMap { $0.isEmpty ? nil : $0 }
        if let sis { try checkUniqueAccountSIS(sis, except: nil) }
        let account = AccountRecord(
            id: state.nextID("account"), name: name, parentAccountID: parent.id,
            rootAccountID: parent.rootAccountID ?? parent.id, sisAccountID: sis,
            integrationID: call.parameters.string("account", "integration_id"), uuid: newUUID()
        )
        state.accounts[account.id] = account
        return .json(json(account))
    }

    private func checkUniqueAccountSIS(_ sis: String, except id: Int?) throws {
        guard !sis.isEmpty, state.accounts.values.contains(where: { $0.sisAccountID == sis && $0.id != id }) else {
            return
        }
        throw CanvasAPIError.invalid(attributeErrors: [
            ("sis_source_id", "taken", "SIS ID \"\(sis)\" is already in use")
        ])
    }

    func listTerms(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        let rootID = account.rootAccountID ?? account.id
        let wanted = call.parameters.string("workflow_state") ?? "active"
        let terms = state.terms.values.filter { term in
            term.rootAccountID == rootID && (wanted == "all" || term.workflowState == wanted)
        }.sorted { $0.id < $1.id }
        var response = try paginate(terms, call) { json($0) }
        response.json = ["enrollment_terms": response.json ?? []]
        return response
    }

    func getTerm(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        _ = try findAccount(call.path("account_id"))
        return .json(json(try findTerm(call.path("term_id"))))
    }

    func createTerm(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        var term = TermRecord(
            id: state.nextID("term"), name: "", rootAccountID: account.rootAccountID ?? account.id, createdAt: timestamp
        )
        try applyTermParameters(call.parameters, to: &term, zone: requestTimeZone(call))
        if term.name.isEmpty { term.name = "Term \(term.id)" }
        state.terms[term.id] = term
        return .json(json(term))
    }

    func updateTerm(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        _ = try findAccount(call.path("account_id"))
        var term = try findTerm(call.path("term_id"))
        try applyTermParameters(call.parameters, to: &term, zone: requestTimeZone(call))
        state.terms[term.id] = term
        return .json(json(term))
    }

    func deleteTerm(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        var term = try findTerm(call.path("term_id"))
        if state.courses.values.contains(where: { $0.termID == term.id && $0.workflowState != "deleted" }) {
            throw CanvasAPIError.invalid(attributeErrors: [
                ("workflow_state", "invalid", "Cannot delete a term with active courses")
            ])
        }
        term.workflowState = "deleted"
        state.terms[term.id] = term
        return .json(json(term))
    }

    private func applyTermParameters(
        _ parameters: RequestParameters, to term: inout TermRecord, zone: String
    ) throws {
        if let name = parameters.string("enrollment_term", "name"), !name.isEmpty { term.name = name }
        if parameters.has("enrollment_term", "start_at") {
            term.startAt = Self.normalizedTime(parameters.string("enrollment_term", "start_at"), zone: zone)
        }
        if parameters.has("enrollment_term", "end_at") {
            term.endAt = Self.normalizedTime(parameters.string("enrollment_term", "end_at"), zone: zone)
        }
        if parameters.has("enrollment_term", "sis_term_id") {
            let sis = parameters.string("enrollment_term", "sis_term_id") ?? ""
            if !sis.isEmpty, state.terms.values.contains(where: { $0.sisTermID == sis && $0.id != term.id }) {
                throw CanvasAPIError.invalid(attributeErrors: [
                    ("sis_source_id", "taken", "SIS ID \"\(sis)\" is already in use")
                ])
            }
            term.sisTermID = sis.isEmpty ? nil : sis
        }
    }
}
