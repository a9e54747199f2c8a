import Canvas
import EaselTestSupport
import Foundation
import JSONValues
import OrderedCollections
import PlanModel
import Resources
import Testing

/// A plan made from parents' listings is the plan lookups of one item each would make, on the same state:
/// enrollments active, invited, inactive, concluded and deleted, a user enrolled twice, users found or not.
@Suite struct ListingEquivalenceTests {
    static let enrollmentJob = """
        easel: 1
        name: enrollment-states
        inputs: { rows: { csv: rows.csv } }
        steps:
          - id: students
            for_each: ${{ inputs.rows }}
            item_key: ${{ item.user }}/${{ item.type }}
            ensure: enrollment
            in: ${{ item.course }}
            key: { user_id: "${{ item.user }}", type: "${{ item.type }}" }
            set: { enrollment_state: "${{ item.state }}" }
        """

    static let userJob = """
        easel: 1
        name: user-names
        inputs: { rows: { csv: rows.csv } }
        steps:
          - id: users
            for_each: ${{ inputs.rows }}
            ensure: user
            key: { sis_user_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.sis }}@example.edu" }
        """

    static let allStates: JSONValue = [
        "state": ["active", "invited", "creation_pending", "inactive", "completed", "rejected", "deleted"],
        "per_page": 100,
    ]

    @Test func enrollmentsInEveryStateArePlannedAlikeFromTheListing() async throws {
        try await ApplyHarness.run { harness in
            let courses = try await harness.get("/api/v1/accounts/1/courses", query: ["per_page": 100])
            let course = try #require(
                courses.arrayValue?.first {
                    $0["sis_course_id"]?.stringValue?.hasSuffix("2026SP") == true
                        && $0["workflow_state"] == "available"
                        && !["BIO-101-2026SP", "CHEM-110-2026SP"].contains($0["sis_course_id"]?.stringValue ?? "")
                })
            let courseID = try #require(course["id"]?.intValue)
            let base = "/api/v1/courses/\(courseID)/enrollments"
            let students =
                try await harness.get(base, query: ["type": ["StudentEnrollment"], "per_page": 100])
                .arrayValue ?? []
            try #require(students.count >= 15)
            // Students left in every state Canvas has.
            for (index, enrollment) in students.enumerated() {
                guard let id = enrollment["id"]?.intValue else { continue }
                let task: String? = [1: "conclude", 2: "delete", 3: "deactivate"][index % 5]
                if let task {
                    _ = try await harness.client.send(
                        CanvasRequest(.delete, "\(base)/\(id)", query: ["task": .string(task)]),
                        logger: ApplyHarness.logger)
                }
            }
            // One deleted student enrolled again in a second section: two enrollments, one deleted.
            let twice = try #require(students[2]["user_id"]?.intValue)
            let section = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/courses/\(courseID)/sections",
                    body: .form(["course_section": ["name": "Second section"]])),
                logger: ApplyHarness.logger)
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/sections/\(section["id"]?.interpolated ?? "")/enrollments",
                    body: .form([
                        "enrollment": [
                            "user_id": .int(twice), "type": "StudentEnrollment", "enrollment_state": "active",
                        ]
                    ])),
                logger: ApplyHarness.logger)
            let everyone = try await harness.get("/api/v1/accounts/1/users", query: ["per_page": 100])
            let enrolled = Set(students.compactMap { $0["user_id"]?.intValue })
            let strangers = (everyone.arrayValue ?? []).filter {
                !enrolled.contains($0["id"]?.intValue ?? 0) && $0["sis_user_id"]?.stringValue != nil
            }.prefix(4)
            var rows = "course,user,type,state\n"
            let parent = "sis_course_id:" + (course["sis_course_id"]?.stringValue ?? "")
            for (index, student) in students.enumerated() {
                // Half named by Canvas id, half by SIS id; half wanted active, half inactive.
                let user =
                    index % 2 == 0
                    ? student["user_id"]?.interpolated ?? ""
                    : "sis_user_id:" + (student["sis_user_id"]?.stringValue ?? "")
                rows += "\(parent),\(user),StudentEnrollment,\(index % 3 == 0 ? "inactive" : "active")\n"
            }
            // A student wanted as a TA too, and people not enrolled at all.
            rows += "\(parent),\(students[0]["user_id"]?.interpolated ?? ""),TaEnrollment,active\n"
            for stranger in strangers {
                rows += "\(parent),sis_user_id:\(stranger["sis_user_id"]?.stringValue ?? ""),StudentEnrollment,active\n"
            }
            let graph = try harness.job(Self.enrollmentJob, files: ["rows.csv": rows])
            let plan = try await harness.plan(graph)
            #expect(plan.reads?.listings == 1)
            #expect(plan.reads?.lookups == 0)
            let listed = try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"]
            #expect(listed?["GET /api/v1/courses/:course_id/enrollments"]?.intValue ?? 0 <= 2 + 2)
            let items = try #require(plan.steps.first).items
            #expect(items.count == students.count + 1 + strangers.count)
            #expect(plan.summary.creates >= 1 + strangers.count && plan.summary.updates > 0)
            try await Self.expectLookupsAgree(items, kind: .enrollment, harness: harness) { key in
                let parts = key.split(separator: "/").map(String.init)
                return EnsureItem(
                    parent: .string(parent), key: ["user_id": .string(parts[0]), "type": .string(parts[1])],
                    set: ["enrollment_state": .string(Self.state(in: rows, user: parts[0], type: parts[1]))])
            }
        }
    }

    @Test func usersArePlannedAlikeFromTheAccountListing() async throws {
        try await ApplyHarness.run { harness in
            let everyone = try await harness.get("/api/v1/accounts/1/users", query: ["per_page": 100])
            let known = (everyone.arrayValue ?? []).compactMap { user -> (String, String)? in
                guard let sis = user["sis_user_id"]?.stringValue, let name = user["name"]?.stringValue else {
                    return nil
                }
                return (sis, name)
            }.prefix(120)
            try #require(known.count == 120)
            var rows = "sis,name\n"
            for (index, (sis, name)) in known.enumerated() {
                rows += "\(sis),\(index % 4 == 0 ? "Renamed \(index)" : name)\n"
            }
            for index in 1...10 { rows += "NEW-\(index),New person \(index)\n" }
            let graph = try harness.job(Self.userJob, files: ["rows.csv": rows])
            let plan = try await harness.plan(graph)
            #expect(plan.reads?.lookups == 0)
            #expect(plan.summary.creates == 10 && plan.summary.updates == 30, "\(plan.summary.line)")
            let names = Dictionary(
                rows.split(separator: "\n").dropFirst().map { line in
                    let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
                    return (parts[0], parts[1])
                }, uniquingKeysWith: { first, _ in first })
            try await Self.expectLookupsAgree(try #require(plan.steps.first).items, kind: .user, harness: harness) {
                key in
                let sis = String(key.dropFirst("sis_user_id=".count))
                return EnsureItem(
                    key: ["sis_user_id": .string(sis)], set: ["name": .string(names[sis] ?? "")],
                    create: ["login_id": .string("\(sis)@example.edu")])
            }
        }
    }

    /// The wanted state of a row of `rows`.
    static func state(in rows: String, user: String, type: String) -> String {
        rows.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
            .first { $0.count == 4 && $0[1] == user && $0[2] == type }?[3] ?? ""
    }

    /// Plans each item alone, by its own lookups, and expects the action and the fields of the object the plan
    /// showed.
    static func expectLookupsAgree(
        _ items: [PlannedItem], kind: ResourceKind, harness: ApplyHarness, item: (String) -> EnsureItem
    ) async throws {
        for planned in items {
            let alone = try await kind.plan(item(planned.key), client: harness.client, logger: ApplyHarness.logger)
            #expect(
                PlannedAction(alone.action, kind: kind, live: alone.live) == planned.action,
                "\(planned.key): alone \(alone.action), from the listing \(planned.action)")
            // The listed object carries what the lookup's does, field for field (a user's listing lacks only the
            // fields of the user's own page, such as `locale`, which no diff of these items compares).
            #expect((alone.live == nil) == (planned.before == nil), "\(planned.key)")
            for (field, value) in planned.before?.objectValue ?? [:] {
                #expect(alone.live?[field] == value, "\(planned.key): \(field)")
            }
        }
    }
}
