import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Sandbox
import Testing

/// A SIS import is polled adaptively: from its own progress, a long import costs a few dozen polls rather than one
/// a second, and its end is still noticed within the schedule's longest wait.
@Suite struct SISImportPollingTests {
    static let users = 1200
    static let rowsPerSecond = 10.0
    static let pollRoute = "GET /api/v1/accounts/:account_id/sis_imports/:import_id"

    static let job = SISUsersJob.text(named: "sis-polling")

    static var usersCSV: String {
        SISUsersJob.csv(count: users, id: { "SP-\($0)" }, name: "Polled", login: "sp")
    }

    static func date(_ value: JSONValue?) throws -> Date {
        try #require(value?.stringValue.flatMap { try? Date($0, strategy: .iso8601) })
    }

    @Test func aTwoMinuteImportIsPolledAFewTimesAndItsEndNoticedWithinTheLongestWait() async throws {
        // The sandbox and the client share a clock that moves as fast as the code waits: the import's two minutes
        // pass without the test sleeping.
        let clock = TestClock(waits: .skipped)
        try await ApplyHarness.run(
            sandbox: {
                $0.seed = .empty
                $0.clock = clock.sandbox
                $0.sisRowsPerSecond = Self.rowsPerSecond
            }, clock: clock.canvas
        ) { harness in
            let graph = try harness.job(Self.job, files: ["users.csv": Self.usersCSV])
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")

            let imports =
                try await harness.client.getAll(
                    .get("/api/v1/accounts/1/sis_imports"), unwrapping: "sis_imports", logger: ApplyHarness.logger
                ).arrayValue ?? []
            let record = try #require(imports.first)
            #expect(imports.count == 1)
            #expect(record["workflow_state"]?.stringValue == "imported")
            #expect(record["data"]?["counts"]?["users"]?.intValue == Self.users)

            let processing = Double(Self.users) / Self.rowsPerSecond
            let polls =
                try await SandboxControl.stats(of: harness.sandbox)["requests_by_route"]?[Self.pollRoute]?
                .intValue ?? 0
            // One a second would be 120; half the time left, at most 30 s apart, is a dozen or so.
            #expect(polls >= 2 && polls <= Int(processing) / 6, "\(polls) polls of a \(processing) s import")

            // The sandbox ends an import at the request that finds it done, so its end time is the poll that saw
            // it: at most the longest wait (30 s) after the last row, give or take the timestamps' second.
            let created = try Self.date(record["created_at"])
            let noticed = try Self.date(record["ended_at"])
            let late = noticed.timeIntervalSince(created) - processing
            #expect(late >= -1 && late <= 31, "noticed \(late) s after its last row")
        }
    }

    @Test func theScheduleWaitsAShareOfTheTimeLeftWithinItsBounds() {
        var fixed = PollSchedule.Estimator(.fixed(.seconds(2)))
        #expect(fixed.wait(afterPollAt: .seconds(10), progress: 50) == .seconds(2))

        var estimator = PollSchedule.Estimator(.adaptive(fraction: 0.5, minimum: .seconds(1), maximum: .seconds(30)))
        // No progress yet: a share of the time elapsed, at least the minimum.
        #expect(estimator.wait(afterPollAt: .zero, progress: 0) == .seconds(1))
        #expect(estimator.wait(afterPollAt: .seconds(8), progress: 0) == .seconds(4))
        // 10% in 10 s from the standstill at 8 s: 90 s left, half of it capped at 30 s.
        #expect(estimator.wait(afterPollAt: .seconds(18), progress: 10) == .seconds(30))
        // 80% in 40 s: 10 s left, half of it.
        #expect(estimator.wait(afterPollAt: .seconds(48), progress: 80) == .seconds(5))
        // Nearly done: never less than the minimum.
        #expect(estimator.wait(afterPollAt: .seconds(50), progress: 99) == .seconds(1))
        // Progress that barely moves (an estimate of more time than a duration holds) waits the maximum.
        var crawling = PollSchedule.Estimator(.adaptive())
        #expect(crawling.wait(afterPollAt: .zero, progress: 0) == .seconds(1))
        #expect(crawling.wait(afterPollAt: .seconds(10), progress: 1e-320) == .seconds(30))
        // A job that gives no progress backs off with the time elapsed, up to the maximum.
        var silent = PollSchedule.Estimator(.adaptive())
        #expect(silent.wait(afterPollAt: .seconds(600), progress: nil) == .seconds(30))
    }
}
