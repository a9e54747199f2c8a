import EaselTestSupport
import JSONValues

/// The demo institution as Canvas shows it, object by object and without Canvas ids where a deleted and re-made
/// object would get a new one: courses by SIS id, users by SIS id, enrollments by course, user and type.
struct CanvasSnapshot: Equatable, CustomStringConvertible {
    var courses: [String: String] = [:]
    var users: [String: String] = [:]
    var enrollments: [String: String] = [:]

    /// Every course, user and enrollment that is not deleted.
    static func read(_ harness: ApplyHarness) async throws -> CanvasSnapshot {
        var snapshot = CanvasSnapshot()
        let courses = try await harness.get(
            "/api/v1/accounts/1/courses", query: ["state": ["created", "claimed", "available", "completed"]])
        for course in courses.arrayValue ?? [] {
            let key = course["sis_course_id"]?.stringValue ?? "id \(course["id"]?.interpolated ?? "")"
            snapshot.courses[key] = [
                "name", "course_code", "workflow_state", "enrollment_term_id", "start_at", "end_at",
            ].map { course[$0]?.serialized() ?? "-" }.joined(separator: " | ")
            let enrollments = try await harness.get(
                "/api/v1/courses/\(course["id"]?.interpolated ?? "")/enrollments",
                query: ["state": ["active", "invited", "inactive", "completed"]])
            for enrollment in enrollments.arrayValue ?? [] {
                let enrollmentKey = [
                    key, enrollment["user_id"]?.interpolated ?? "", enrollment["type"]?.stringValue ?? "",
                ].joined(separator: " / ")
                snapshot.enrollments[enrollmentKey] = [
                    "enrollment_state", "course_section_id",
                ].map { enrollment[$0]?.serialized() ?? "-" }.joined(separator: " | ")
            }
        }
        for user in try await harness.get("/api/v1/accounts/1/users").arrayValue ?? [] {
            let key = user["sis_user_id"]?.stringValue ?? user["login_id"]?.stringValue ?? ""
            snapshot.users[key] = ["name", "sortable_name", "short_name"].map { user[$0]?.serialized() ?? "-" }
                .joined(separator: " | ")
        }
        return snapshot
    }

    /// The objects that differ from `other`, one line each.
    func differences(from other: CanvasSnapshot) -> [String] {
        func compare(_ what: String, _ mine: [String: String], _ theirs: [String: String]) -> [String] {
            Set(mine.keys).union(theirs.keys).sorted().compactMap { key in
                mine[key] == theirs[key] ? nil : "\(what) \(key): \(theirs[key] ?? "absent") → \(mine[key] ?? "absent")"
            }
        }
        return compare("course", courses, other.courses) + compare("user", users, other.users)
            + compare("enrollment", enrollments, other.enrollments)
    }

    var description: String { "\(courses.count) courses, \(users.count) users, \(enrollments.count) enrollments" }
}
