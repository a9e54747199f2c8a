import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import Testing
import Undo

/// Raw requests are undone by their step's `undo:`, with `item` and `item.output` in scope; a step without one is
/// listed as not undoable with the reason.
@Suite struct RawRequestUndoTests {
    @Test func aStepWithUndoIsTakenBackAndOneWithoutIsListed() async throws {
        try await ApplyHarness.run { harness in
            let courses = try await harness.get("/api/v1/accounts/1/courses", query: ["state": ["claimed"]])
            let chosen = Array(
                (courses.arrayValue ?? []).filter { $0["sis_course_id"]?.stringValue != "TEMPLATE" }.prefix(2))
            let ids = chosen.compactMap { $0["id"]?.interpolated }
            #expect(ids.count == 2)
            let graph = try harness.job(
                """
                easel: 1
                name: raw
                vars:
                  back: claim
                steps:
                  - id: publish
                    for_each: [\(ids.joined(separator: ", "))]
                    request: PUT /api/v1/courses/${{ item }}
                    body: { course: { event: offer } }
                    undo:
                      request: PUT /api/v1/courses/${{ item.output.id }}
                      body: { course: { event: "${{ vars.back }}" } }
                  - id: rename
                    for_each: [\(ids.joined(separator: ", "))]
                    needs: [publish]
                    request: PUT /api/v1/courses/${{ item }}
                    body: { course: { name: "Renamed ${{ item }}" } }
                """)
            let (run, outcome) = try await harness.apply(graph, jobPath: "raw.yaml")
            #expect(outcome.status == .succeeded)
            let journaled = try #require(
                try await harness.journal.items(run: run, step: "publish").first { $0.itemIndex == 0 })
            #expect(journaled.beforeValues?["request"] == .string("PUT /api/v1/courses/\(ids[0])"))
            #expect(journaled.beforeValues?["answered"]?["workflow_state"] == "available")
            for id in ids { #expect(try await harness.get("/api/v1/courses/\(id)")["workflow_state"] == "available") }

            let undone = try await harness.undo(run, of: graph)
            #expect(undone.work.requests.map(\.operation) == ["undo", "undo"])
            #expect(undone.work.notUndoable.map(\.stepID) == ["rename", "rename"])
            #expect(
                undone.work.notUndoable.allSatisfy {
                    $0.reason.hasSuffix("step 'rename' declares no undo:")
                        && $0.reason.hasPrefix("PUT /api/v1/courses/")
                })
            #expect(undone.outcome.status == .succeeded)
            for id in ids {
                let live = try await harness.get("/api/v1/courses/\(id)")
                #expect(live["workflow_state"] == "unpublished")
                #expect(live["name"] == .string("Renamed \(id)"))
            }
        }
    }

    @Test func withoutTheJobFileRawRequestsAreNotUndoable() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                """
                easel: 1
                name: raw
                steps:
                  - id: publish
                    request: PUT /api/v1/courses/sis_course_id:TEMPLATE
                    body: { course: { event: offer } }
                    undo:
                      request: PUT /api/v1/courses/${{ item.output.id }}
                      body: { course: { event: claim } }
                """)
            let (run, _) = try await harness.apply(graph, jobPath: "raw.yaml")
            let work = try await harness.undoWork(run, of: nil)
            #expect(
                work.notUndoable.map(\.reason) == [
                    "PUT /api/v1/courses/sis_course_id:TEMPLATE: the job file is gone, so its step's undo: cannot be read"
                ])
            let withJob = try await harness.undoWork(run, of: graph)
            #expect(
                withJob.requests.map(\.path) == [
                    try await harness.get("/api/v1/courses/sis_course_id:TEMPLATE")["id"].map {
                        "/api/v1/courses/\($0.interpolated)"
                    } ?? ""
                ])
        }
    }
}
