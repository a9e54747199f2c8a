import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import Planning
import Sandbox
import Testing

/// A job's reads go by the page: an account's users and a course's enrollments are read as listings when that is
/// cheaper than looking each item up, and an apply in the same process reads nothing its plan read.
@Suite struct ListingReadsTests {
    /// Users found by SIS id, each enrolled as a student in one course.
    static let job = """
        easel: 1
        name: users-and-students
        inputs: { people: { csv: people.csv } }
        defaults: { parallelism: 16 }
        steps:
          - id: users
            for_each: ${{ inputs.people }}
            ensure: user
            key: { sis_user_id: "${{ item.sis }}" }
            set: { name: "${{ item.name }}" }
            create: { login_id: "${{ item.login }}" }
          - id: students
            needs: [users]
            for_each: ${{ inputs.people }}
            item_key: ${{ item.sis }}
            ensure: enrollment
            in: sis_course_id:LR-COURSE
            key: { user_id: "sis_user_id:${{ item.sis }}", type: StudentEnrollment }
            set: { enrollment_state: active }
        """

    static func people(_ count: Int) -> [String: String] {
        [
            "people.csv": "sis,name,login\n"
                + (1...count).map { "LR-\($0),Person \($0),lr\($0)@example.edu\n" }.joined()
        ]
    }

    static func gets(_ harness: ApplyHarness) async throws -> (count: Int, routes: JSONValue) {
        let stats = try await SandboxControl.stats(of: harness.sandbox)
        return (stats["requests_by_method"]?["GET"]?.intValue ?? 0, stats["requests_by_route"] ?? [:])
    }

    static func createCourse(_ harness: ApplyHarness) async throws {
        _ = try await harness.client.json(
            CanvasRequest(
                .post, "/api/v1/accounts/1/courses",
                body: .form(["course": ["name": "Listing reads", "sis_course_id": "LR-COURSE"]])),
            logger: ApplyHarness.logger)
    }

    @Test func aJobOfNewPeopleIsPlannedAndAppliedFromPages() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await Self.createCourse(harness)
            let graph = try harness.job(Self.job, files: Self.people(200))
            let start = try await Self.gets(harness)
            let plan = try await harness.plan(graph)
            let afterPlan = try await Self.gets(harness)
            #expect(plan.summary.creates == 400, "\(plan.summary.line)")
            // The account's one page of users proves every user new; nobody new has enrollments to look up.
            #expect(afterPlan.count - start.count <= 3, "\(afterPlan.routes)")
            #expect(afterPlan.routes["GET /api/v1/users/:user_id"] == nil)
            #expect(plan.reads?.requests == afterPlan.count - start.count)
            #expect(plan.reads?.lookups == 0)
            #expect(plan.jsonValue["reads"]?["listings"]?.intValue == 1)

            let outcome = try await harness.apply(graph) { options in
                options.reviewedPlan = plan
                options.trustsReviewedReads = true
            }
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let afterApply = try await Self.gets(harness)
            #expect(afterApply.count - afterPlan.count <= 2, "\(afterApply.routes)")
            #expect(afterApply.routes["POST /api/v1/accounts/:account_id/users"]?.intValue == 200)
            #expect(afterApply.routes["POST /api/v1/courses/:course_id/enrollments"]?.intValue == 200)

            let again = try await harness.plan(graph)
            let afterSecond = try await Self.gets(harness)
            #expect(again.summary.unchanged == 400, "\(again.summary.line)")
            // Three pages of 201 users (the admin too), two of the course's 200 enrollments.
            #expect(afterSecond.count - afterApply.count <= 6, "\(afterSecond.routes)")
            #expect(again.reads?.lookups == 0)
        }
    }

    /// The plan as `easel apply PLAN` has it: written to a file and read back, its reads not trusted.
    static func saved(_ plan: Plan, in harness: ApplyHarness) throws -> Plan {
        let path = harness.folder.appendingPathComponent("plan-\(UUID().uuidString).json").path
        try PlanFile.write(plan, to: path)
        return try PlanFile.read(from: path)
    }

    @Test func aSavedPlanIsAppliedFromPagesAndReadsNothingUnderWhatTheRunCreates() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await Self.createCourse(harness)
            let graph = try harness.job(Self.job, files: Self.people(200))
            let saved = try Self.saved(try await harness.plan(graph), in: harness)
            let afterPlan = try await Self.gets(harness)
            let outcome = try await harness.apply(graph) { $0.reviewedPlan = saved }
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let afterApply = try await Self.gets(harness)
            // The account's users read again as one page, and the course once: no user looked up, and no
            // enrollment read under the users this run created.
            #expect(afterApply.count - afterPlan.count <= 2, "\(afterApply.routes)")
            #expect(afterApply.routes["GET /api/v1/users/:user_id"] == nil)
            #expect(afterApply.routes["GET /api/v1/courses/:course_id/enrollments"] == nil)
            #expect(afterApply.routes["GET /api/v1/accounts/:account_id/users"]?.intValue ?? 0 >= 2)
            #expect(afterApply.routes["POST /api/v1/accounts/:account_id/users"]?.intValue == 200)
            #expect(afterApply.routes["POST /api/v1/courses/:course_id/enrollments"]?.intValue == 200)
        }
    }

    @Test func aSavedPlanStillSeesAUserMadeSinceAndRefusesIt() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await Self.createCourse(harness)
            let graph = try harness.job(Self.job, files: Self.people(20))
            let saved = try Self.saved(try await harness.plan(graph), in: harness)
            // Someone creates one of the users between the plan and the apply.
            _ = try await harness.client.json(
                CanvasRequest(
                    .post, "/api/v1/accounts/1/users",
                    body: .form([
                        "user": ["name": "Person 7"],
                        "pseudonym": ["unique_id": "lr7@example.edu", "sis_user_id": "LR-7"],
                    ])),
                logger: ApplyHarness.logger)
            let outcome = try await harness.apply(graph) { $0.reviewedPlan = saved }
            // The listing read at apply finds the user: its planned create is refused, not sent twice.
            let refused = outcome.problems.filter { $0.stepID == "users" }.map(\.itemKey)
            #expect(refused == ["sis_user_id=LR-7"], "\(outcome.problems)")
            #expect(try await Self.usersBySIS(harness)["LR-7"] == 1)
        }
    }

    @Test func aRunResumedAfterLostAnswersLooksUnderWhatItsEarlierAttemptCreated() async throws {
        try await ApplyHarness.run(sandbox: { $0.seed = .empty }) { harness in
            try await Self.createCourse(harness)
            let graph = try harness.job(Self.job, files: Self.people(60))
            let saved = try Self.saved(try await harness.plan(graph), in: harness)
            // Answers lost on the way back: users and enrollments made whose writer did not hear of it.
            try await harness.setFaults("lost=0.3")
            let first = try await harness.apply(graph) {
                $0.reviewedPlan = saved
                $0.inDoubtPolicy = .stop
            }
            try await harness.setFaults("")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect((stats["faults"]?["lost"]?.intValue ?? 0) > 0, "no answer was lost: \(stats)")
            // The resume is a new executor, as a new process is: the users the first attempt created are not
            // its own, so every enrollment it has not confirmed is looked up before anything is sent.
            var outcome = first
            for _ in 0..<3 where outcome.status != .succeeded {
                outcome = try await harness.execute(graph, run: first.runID) { $0.reviewedPlan = saved }
            }
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            let users = try await Self.usersBySIS(harness)
            #expect(users.count == 60 && users.values.allSatisfy { $0 == 1 }, "\(users.filter { $0.value != 1 })")
            let enrollments = try await harness.get(
                "/api/v1/courses/sis_course_id:LR-COURSE/enrollments", query: ["per_page": 100])
            var students: [String: Int] = [:]
            for enrollment in enrollments.arrayValue ?? [] {
                if let sis = enrollment["user"]?["sis_user_id"]?.stringValue ?? enrollment["sis_user_id"]?.stringValue {
                    students[sis, default: 0] += 1
                }
            }
            #expect(
                students.count == 60 && students.values.allSatisfy { $0 == 1 },
                "\(students.filter { $0.value != 1 }), \(students.count) students")
        }
    }

    /// How many users hold each `LR-` SIS id.
    static func usersBySIS(_ harness: ApplyHarness) async throws -> [String: Int] {
        let users = try await harness.get("/api/v1/accounts/1/users", query: ["per_page": 100])
        var counts: [String: Int] = [:]
        for user in users.arrayValue ?? [] {
            if let sis = user["sis_user_id"]?.stringValue, sis.hasPrefix("LR-") { counts[sis, default: 0] += 1 }
        }
        return counts
    }

    @Test func aFewPeopleInALargeAccountAreLookedUpOneByOne() async throws {
        let clock = TestClock()
        try await ApplyHarness.run(sandbox: {
            $0.seed = .empty
            $0.clock = clock.sandbox
        }) { harness in
            try await Self.importUsers(harness, count: 20_000, clock: clock)
            // Two hundred of them, spread over the whole listing, renamed.
            let rows = stride(from: 37, through: 20_000, by: 100).prefix(200).map { number in
                "LR-\(number),Renamed \(number),lr\(number)@example.edu\n"
            }
            #expect(rows.count == 200)
            let usersOnly = Self.job.components(separatedBy: "  - id: students")[0]
            let graph = try harness.job(usersOnly, files: ["people.csv": "sis,name,login\n" + rows.joined()])
            let start = try await Self.gets(harness)
            let plan = try await harness.plan(graph)
            let end = try await Self.gets(harness)
            #expect(plan.summary.updates == 200, "\(plan.summary.line)")
            let gets = end.count - start.count
            // One page to learn the listing is long, then one lookup per user: not 200 pages.
            #expect(gets >= 200 && gets <= 205, "\(end.routes)")
            // The first page answers the user it happens to hold; the rest are looked up.
            #expect((plan.reads?.lookups ?? 0) >= 199)
            #expect((plan.reads?.pages ?? 0) <= 2)
        }
    }

    /// Creates `count` users `LR-1`… through one SIS import, as an institution's nightly feed would, moving the
    /// sandbox's clock on by the time the import takes.
    static func importUsers(_ harness: ApplyHarness, count: Int, clock: TestClock) async throws {
        let csv =
            "user_id,login_id,first_name,last_name,email,status\n"
            + (1...count).map { "LR-\($0),lr\($0)@example.edu,Person,\($0),lr\($0)@example.edu,active\n" }.joined()
        let created = try await harness.client.json(
            CanvasRequest(
                .post, "/api/v1/accounts/self/sis_imports", query: ["extension": "csv"],
                body: .data(Array(csv.utf8), contentType: "text/csv")),
            logger: ApplyHarness.logger)
        let id = try #require(created["id"]?.intValue)
        let rowsPerSecond = SandboxConfiguration().sisRowsPerSecond
        clock.advance(by: .seconds((Double(count) / rowsPerSecond).rounded(.up)))
        let state = try await harness.get("/api/v1/accounts/self/sis_imports/\(id)")["workflow_state"]
        #expect(state == "imported")
    }
}
