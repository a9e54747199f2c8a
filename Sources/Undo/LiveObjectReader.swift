import Canvas
import JSONValues
import Logging

/// Reads an object as Canvas has it now, by the URL and identity the journal kept.
struct LiveObjectReader: Sendable {
    let client: any CanvasBoundary
    let logger: Logger

    /// Every state an enrollment can be in, so that a concluded or deleted one is found too.
    static let enrollmentStates: JSONValue = [
        "active", "invited", "creation_pending", "inactive", "completed", "rejected", "deleted",
    ]

    /// The live object, or nil when Canvas answers 404. An enrollment, which Canvas has no course-level read of,
    /// is found among its course's enrollments of the same user.
    func read(kind: String, member: String, identity: JSONValue?) async throws -> JSONValue? {
        do {
            if kind == "enrollment", let identity, let id = identity["id"]?.interpolated,
                let course = identity["course_id"]?.interpolated, let user = identity["user_id"]?.interpolated
            {
                let list = try await client.getAll(
                    CanvasRequest(
                        .get, CanvasPath.apiV1("courses", course, "enrollments"),
                        query: ["user_id": .string(user), "state": Self.enrollmentStates]),
                    logger: logger)
                return list.arrayValue?.first { $0["id"]?.interpolated == id }
            }
            return try await client.json(CanvasRequest(.get, member), logger: logger)
        } catch let error as CanvasError {
            if case .notFound = error.kind { return nil }
            throw error
        }
    }
}
