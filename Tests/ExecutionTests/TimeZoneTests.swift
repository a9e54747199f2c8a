import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import PlanModel
import Planning
import RunContext
import Testing

/// Times written without an offset are planned in the zone Canvas reads them in (the token's user's), shown in UTC
/// with that zone, and converge: after an apply the plan is empty.
@Suite struct TimeZoneTests {
    /// Sets the time zone of the token's user, the zone Canvas reads times without an offset in.
    static func setUserZone(_ zone: String, _ harness: ApplyHarness) async throws {
        _ = try await harness.client.json(
            CanvasRequest(.put, "/api/v1/users/self", body: .form(["user": ["time_zone": .string(zone)]])),
            logger: ApplyHarness.logger)
    }

    static let job = """
        easel: 1
        name: chicago
        steps:
          - id: course
            ensure: course
            key: { sis_course_id: TZ-CHI }
            set:
              name: Chicago course
              time_zone: America/Chicago
              restrict_enrollments_to_course_dates: true
              start_at: "2026-08-24"
              end_at: "2026-12-20"
          - id: work
            needs: [course]
            ensure: assignment
            in: sis_course_id:TZ-CHI
            key: { name: Essay }
            set: { due_at: "2026-12-18T23:59", unlock_at: "2026-12-01T09:00:00-06:00" }
        """

    // Canvas reads a time without an offset in the zone of the request (the token's user's `time_zone`, else the
    // root account's `default_time_zone`), not in the course's: here the user's zone is the course's, so this shows
    // the user's zone at work, not the course's.
    @Test func datesWithoutAnOffsetArePlannedInTheTokenUsersZoneShownInUTCAndConverge() async throws {
        try await ApplyHarness.run { harness in
            try await Self.setUserZone("America/Chicago", harness)
            let graph = try harness.job(Self.job)
            let first = PlanRenderer().render(try await harness.plan(graph))
            #expect(first.contains(#"end_at: "2026-12-20T06:00:00Z" (2026-12-20 in America/Chicago)"#), "\(first)")
            #expect(first.contains(#"start_at: "2026-08-24T05:00:00Z" (2026-08-24 in America/Chicago)"#), "\(first)")
            // The assignment's course is created by this run; the zone is the user's all the same.
            #expect(first.contains(#"due_at: "2026-12-19T05:59:00Z" (2026-12-18 23:59 in America/Chicago)"#))
            #expect(first.contains(#"unlock_at: "2026-12-01T15:00:00Z""#))
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded)
            let course = try await harness.get("/api/v1/courses/sis_course_id:TZ-CHI")
            #expect(course["end_at"] == "2026-12-20T06:00:00Z")
            #expect(course["start_at"] == "2026-08-24T05:00:00Z")
            let again = try await harness.plan(graph)
            #expect(!again.summary.hasChanges, "\(PlanRenderer().render(again))")
        }
    }

    @Test func aDateInAnExistingCourseIsReadInItsZoneAndAnUpdateShowsTheZone() async throws {
        try await ApplyHarness.run { harness in
            try await Self.setUserZone("America/Chicago", harness)
            try await harness.apply(try harness.job(Self.job))
            let later = Self.job.replacingOccurrences(of: "2026-12-18T23:59", with: "2026-12-19")
            let plan = PlanRenderer().render(try await harness.plan(try harness.job(later)))
            #expect(
                plan.contains(
                    #"due_at: "2026-12-19T05:59:00Z" → "2026-12-19T06:00:00Z" (2026-12-19 in America/Chicago)"#),
                "\(plan)")
        }
    }

    @Test func aSavedPlanKeepsItsNotes() async throws {
        try await ApplyHarness.run { harness in
            try await Self.setUserZone("America/Chicago", harness)
            let plan = try await harness.plan(try harness.job(Self.job))
            let notes = plan.steps.flatMap(\.items).map(\.notes).filter { !$0.isEmpty }
            #expect(
                notes.contains(["start_at": "2026-08-24 in America/Chicago", "end_at": "2026-12-20 in America/Chicago"])
            )
            let readBack = try Plan(json: plan.jsonValue)
            #expect(readBack.steps.flatMap(\.items).map(\.notes) == plan.steps.flatMap(\.items).map(\.notes))
            #expect(PlanRenderer().render(readBack) == PlanRenderer().render(plan))
        }
    }

    @Test func withoutTheUsersZoneTheRootAccountsDefaultIsUsed() async throws {
        try await ApplyHarness.run { harness in
            let plan = PlanRenderer().render(try await harness.plan(try harness.job(Self.job)))
            #expect(plan.contains(#"end_at: "2026-12-20T05:00:00Z" (2026-12-20 in America/New_York)"#), "\(plan)")
        }
    }

    @Test func aZoneEaselCannotReadAsksForAnOffset() async throws {
        try await ApplyHarness.run { harness in
            try await Self.setUserZone("Mars/Olympus_Mons", harness)
            do {
                let plan = try await harness.plan(try harness.job(Self.job))
                Issue.record("planned without knowing the zone: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.message.contains("a time with a zone offset"), "\(error.message)")
                #expect(error.message.contains("Mars/Olympus_Mons"), "\(error.message)")
            }
        }
    }

    @Test func courseDatesWithoutRestrictingEnrollmentsToThemAreRefused() async throws {
        try await ApplyHarness.run { harness in
            let job = Self.job.replacingOccurrences(of: "      restrict_enrollments_to_course_dates: true\n", with: "")
            do {
                let plan = try await harness.plan(try harness.job(job))
                Issue.record("planned course dates Canvas would drop: \(PlanRenderer().render(plan))")
            } catch let error as PlanningError {
                #expect(error.message.contains("restrict_enrollments_to_course_dates: true"), "\(error.description)")
            }
        }
    }
}
