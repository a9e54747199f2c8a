import Canvas
import EaselTestSupport
import JSONValues
import Sandbox
import Synchronization
import Testing

/// The sandbox's jobs and the client's polling share a clock on which every wait passes at once.
@Suite struct AsyncJobTests {
    @Test func aBatchUpdateProgressIsPolledToCompletion() async throws {
        try await Self.withJobs(lasting: .milliseconds(300)) { harness in
            let progress = try await Self.offer(["3", "4"], harness)
            let url = try #require(progress["url"]?.stringValue)
            let seen = Mutex<[Double]>([])
            let finished = try await harness.client.waitForProgress(
                url, every: .milliseconds(50), timeout: .seconds(10), logger: harness.logger
            ) { completion in seen.withLock { $0.append(completion) } }
            #expect(finished["workflow_state"]?.stringValue == "completed")
            let percentages = seen.withLock { $0 }
            #expect(percentages.last == 100)
            #expect(percentages == percentages.sorted())
            let course = try await harness.client.json(.get(CanvasPath.apiV1("courses", "4")), logger: harness.logger)
            #expect(course["workflow_state"]?.stringValue == "available")
        }
    }

    @Test func aJobThatOutlastsItsTimeoutIsReported() async throws {
        try await Self.withJobs(lasting: .seconds(30)) { harness in
            let progress = try await Self.offer(["3"], harness)
            let id = try #require(progress["id"]?.interpolated)
            let error = await #expect(throws: CanvasError.self) {
                try await harness.client.waitForProgress(
                    id, every: .milliseconds(50), timeout: .milliseconds(300), logger: harness.logger)
            }
            guard case .jobTimedOut = error?.kind else {
                Issue.record("expected a timeout, got \(String(describing: error))")
                return
            }
        }
    }

    @Test func aCourseCopyIsPolledToCompletion() async throws {
        try await Self.withJobs(lasting: .milliseconds(200)) { harness in
            let target = try await harness.client.json(
                CanvasRequest(
                    .post, CanvasPath.apiV1("accounts", "1", "courses"), body: .form(["course": ["name": "Copy"]])),
                logger: harness.logger)
            let targetID = try #require(target["id"]?.interpolated)
            let migration = try await harness.client.json(
                CanvasRequest(
                    .post, CanvasPath.apiV1("courses", targetID, "content_migrations"),
                    body: .form([
                        "migration_type": "course_copy_importer",
                        "settings": ["source_course_id": "sis_course_id:TEMPLATE"],
                    ])),
                logger: harness.logger)
            let migrationID = try #require(migration["id"]?.interpolated)
            let done = try await harness.client.waitForContentMigration(
                courseID: targetID, migrationID: migrationID, every: .milliseconds(50), timeout: .seconds(10),
                logger: harness.logger)
            #expect(done["workflow_state"]?.stringValue == "completed")
        }
    }

    @Test func anSISImportIsPolledToATerminalState() async throws {
        try await Self.withJobs(lasting: .milliseconds(200)) { harness in
            let csv = "course_id,short_name,long_name,account_id,term_id,status\nSIS-NEW-1,NEW 1,New Course,,,active\n"
            let created = try await harness.client.json(
                CanvasRequest(
                    .post, CanvasPath.apiV1("accounts", "1", "sis_imports"),
                    query: ["import_type": "instructure_csv", "extension": "csv"],
                    body: .data(Array(csv.utf8), contentType: "text/csv")),
                logger: harness.logger)
            let importID = try #require(created["id"]?.interpolated)
            let done = try await harness.client.waitForSISImport(
                accountID: "1", importID: importID, every: .milliseconds(50), timeout: .seconds(10),
                logger: harness.logger)
            #expect(done["workflow_state"]?.stringValue?.hasPrefix("imported") == true)
            let course = try await harness.client.json(
                .get(CanvasPath.apiV1("courses", "sis_course_id:SIS-NEW-1")), logger: harness.logger)
            #expect(course["name"]?.stringValue == "New Course")
        }
    }

    /// Runs `body` on a sandbox whose jobs last `jobDuration`, the sandbox and the client on one clock on which every
    /// wait passes at once.
    private static func withJobs(
        lasting jobDuration: Duration, _ body: @escaping @Sendable (SandboxHarness) async throws -> Void
    ) async throws {
        let clock = TestClock(waits: .skipped)
        try await SandboxHarness.run(
            sandbox: {
                $0.jobDuration = jobDuration
                $0.clock = clock.sandbox
            }, client: { $0.clock = clock.canvas }, body)
    }

    /// Offers the courses in one batch update and returns the Progress Canvas answers.
    private static func offer(_ courseIDs: [JSONValue], _ harness: SandboxHarness) async throws -> JSONValue {
        try await harness.client.json(
            CanvasRequest(
                .put, CanvasPath.apiV1("accounts", "1", "courses"),
                body: .form(["course_ids": .array(courseIDs), "event": "offer"])),
            logger: harness.logger)
    }
}
