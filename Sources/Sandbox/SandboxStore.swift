import Foundation
import JSONValues
import Logging
import SeededRandom

/// The sandbox's state and every API handler, in one actor so that each request sees a consistent state.
actor SandboxStore {
    var state: SandboxState
    let configuration: SandboxConfiguration
    /// The admin tokens.
    let tokens: [String]
    let seed: SandboxSeed
    var random: SplitMix64
    /// The key signing upload parameters.
    let uploadSecret: UInt64
    /// The upload listener's base URL, known once it listens.
    var uploadBaseURL = ""
    /// The API listener's base URL, known once it listens.
    var requestBaseURL = ""
    /// Where the state is saved, if anywhere.
    let persistence: StatePersistence?
    let logger: Logger

    init(configuration: SandboxConfiguration, tokens: [String], persistence: StatePersistence?) throws {
        self.configuration = configuration
        self.tokens = tokens
        self.seed = configuration.seed
        self.persistence = persistence
        self.logger = configuration.logger
        var random = SplitMix64(seed: configuration.randomSeed ^ 0x5EED)
        self.uploadSecret = random.next()
        self.random = random
        if let saved = try persistence?.load() {
            self.state = saved
        } else {
            self.state = SandboxSeeder(seed: configuration.seed).build()
        }
        state.indexCourses()
    }

    /// Sets where uploads go, once the upload listener is up.
    func setBaseURLs(api: String, upload: String) {
        requestBaseURL = api
        uploadBaseURL = upload
    }

    /// The wall-clock time in seconds since 1970, so that times kept in a state file still hold after a restart.
    var now: Double { configuration.clock.now().timeIntervalSince1970 }

    /// The current time as Canvas writes it: ISO 8601 in UTC, without fractions.
    var timestamp: String { configuration.clock.now().formatted(.iso8601) }

    /// Replaces the state with a fresh seed.
    func reseed() {
        state = SandboxSeeder(seed: seed).build()
        state.indexCourses()
        save()
    }

    /// Writes the state to the state file, if there is one.
    func save() {
        guard let persistence else { return }
        do {
            try persistence.save(state)
        } catch {
            logger.error("could not save the sandbox state", metadata: ["error": "\(error)"])
        }
    }

    /// Answers one API call: authenticates, masquerades, runs the route, maps errors to Canvas's bodies.
    func handle(_ call: APICall, route: Route) -> APIResponse {
        advanceJobs()
        var call = call
        do {
            try authenticate(&call)
            let response = try route.handler(self, call)
            if call.method != "GET", (200..<400).contains(response.status) { save() }
            return response
        } catch let error as CanvasAPIError {
            return Self.errorResponse(
                error.reported(as: configuration.validationErrors), notPermittedStatus: configuration.notPermittedStatus
            )
        } catch {
            return .json(
                CanvasAPIError.internalErrorBody(status: 500, reportID: state.nextID("error_report")), status: 500)
        }
    }

    /// The response for a Canvas error.
    static func errorResponse(_ error: CanvasAPIError, notPermittedStatus: Int) -> APIResponse {
        let (status, body, authenticate) = error.response(notPermittedStatus: notPermittedStatus)
        var response = APIResponse.json(body, status: status)
        if authenticate { response.headers.append(("WWW-Authenticate", "Bearer realm=\"canvas-lms\"")) }
        return response
    }

    /// Finds the token's user, then the `as_user_id` user if any.
    private func authenticate(_ call: inout APICall) throws {
        guard let token = call.token, !token.isEmpty else { throw CanvasAPIError.unauthenticated }
        guard tokens.contains(token) else { throw CanvasAPIError.invalidAccessToken }
        call.realUserID = 1
        call.currentUserID = 1
        if let asUser = call.parameters.string("as_user_id"), !asUser.isEmpty {
            guard isAdmin(call.realUserID), let user = try? findUser(asUser, call: call) else {
                throw CanvasAPIError.invalidMasquerade
            }
            call.currentUserID = user.id
        }
    }

    /// Whether `userID` administers the root account.
    func isAdmin(_ userID: Int) -> Bool {
        state.admins.contains { $0.userID == userID }
    }

    /// Throws "not permitted" unless the current user is an admin.
    func requireAdmin(_ call: APICall) throws {
        guard isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
    }

    /// The id of a new error report, as a 5xx body carries.
    func nextErrorReportID() -> Int { state.nextID("error_report") }

    /// A new random uuid of 40 alphanumerics.
    func newUUID() -> String { random.alphanumerics(40) }
}
