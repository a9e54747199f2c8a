import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Testing
import Undo

/// An object changed by hand since the run is a conflict: listed and skipped, undone only with `--force`.
@Suite struct UndoConflictTests {
    static let renames = """
        easel: 1
        name: renames
        inputs:
          renames: { csv: renames.csv }
        steps:
          - id: renames
            for_each: ${{ inputs.renames }}
            ensure: course
            key: { sis_course_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
        """

    @Test func aFieldChangedSinceTheRunIsListedSkippedAndUndoneOnlyWithForce() async throws {
        try await ApplyHarness.run { harness in
            let courses = try await harness.get("/api/v1/accounts/1/courses").arrayValue ?? []
            let chosen = Array(courses.filter { $0["sis_course_id"]?.stringValue != "TEMPLATE" }.prefix(3))
            let sis = chosen.compactMap { $0["sis_course_id"]?.stringValue }
            let original = Dictionary(uniqueKeysWithValues: chosen.map { ($0["id"]!.interpolated, $0["name"]!) })
            let csv = "sis,name\n" + sis.map { "\($0),Renamed \($0)\n" }.joined()
            let graph = try harness.job(Self.renames, files: ["renames.csv": csv])
            let (run, outcome) = try await harness.apply(graph, jobPath: "renames.yaml")
            #expect(outcome.status == .succeeded)

            let edited = try #require(chosen.first?["id"]?.interpolated)
            try await harness.put("/api/v1/courses/\(edited)", body: ["course": ["name": "Changed by hand"]])

            let first = try await harness.undo(run, of: graph)
            #expect(first.work.conflicts.count == 1)
            let conflict = try #require(first.work.conflicts.first)
            #expect(conflict.itemKey == "sis_course_id=\(sis[0])")
            #expect(conflict.reason.contains("name is \"Changed by hand\", the run wrote \"Renamed \(sis[0])\""))
            #expect(conflict.reason.hasSuffix("; skipped"))
            #expect(first.work.requests.count == 2)
            #expect(first.outcome.status == .succeeded)
            for course in chosen {
                let id = course["id"]!.interpolated
                let live = try await harness.get("/api/v1/courses/\(id)")
                #expect(live["name"] == (id == edited ? "Changed by hand" : original[id]))
            }

            let forced = try await harness.undo(run, of: graph, options: UndoOptions(force: true))
            #expect(forced.work.conflicts.map(\.itemKey) == [conflict.itemKey])
            #expect(forced.work.conflicts.first?.reason.hasSuffix("undone anyway (--force)") == true)
            #expect(forced.work.requests.map(\.itemKey) == [conflict.itemKey])
            #expect(forced.work.alreadyUndone.count == 2)
            let live = try await harness.get("/api/v1/courses/\(edited)")
            #expect(live["name"] == original[edited])
        }
    }

    @Test func anEnrollmentChangedSinceTheRunIsAConflict() async throws {
        try await ApplyHarness.run { harness in
            let courses = try await harness.get("/api/v1/accounts/1/courses", query: ["state": ["available"]])
            let course = try #require(courses.arrayValue?.first { $0["sis_course_id"]?.stringValue != "TEMPLATE" })
            let courseID = course["id"]!.interpolated
            let students = try await harness.get(
                "/api/v1/courses/\(courseID)/enrollments", query: ["type": ["StudentEnrollment"], "state": ["active"]])
            let student = try #require(students.arrayValue?.first)
            let graph = try harness.job(
                """
                easel: 1
                name: conclude
                steps:
                  - id: leave
                    ensure: enrollment
                    in: \(courseID)
                    key: { user_id: \(student["user_id"]!.interpolated), type: StudentEnrollment }
                    set: { task: deactivate }
                    state: absent
                """)
            let (run, _) = try await harness.apply(graph, jobPath: "conclude.yaml")
            // Someone concludes the deactivated enrollment by hand.
            _ = try await harness.client.send(
                .init(
                    .delete, "/api/v1/courses/\(courseID)/enrollments/\(student["id"]!.interpolated)",
                    query: ["task": "conclude"]),
                logger: ApplyHarness.logger)
            let work = try await harness.undoWork(run, of: graph)
            #expect(work.requests.isEmpty)
            #expect(
                work.conflicts.first?.reason == "the run left the enrollment inactive, it is now completed; skipped")
            let forced = try await harness.undoWork(run, of: graph, options: UndoOptions(force: true))
            #expect(forced.requests.map(\.operation) == ["reenroll"])
        }
    }
}
