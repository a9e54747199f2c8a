import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import JobSpec
import PlanModel
import Planning
import RunContext
import Sandbox
import Testing

@Suite struct ExecutorTests {
    static func coursesCSV(_ count: Int, prefix: String) -> String {
        "sis_course_id,title\n" + (1...count).map { "\(prefix)-\($0),Course \(prefix) \($0)" }.joined(separator: "\n")
            + "\n"
    }

    /// Course shells from a CSV, each published as soon as it is created, and a report of them.
    static let shellsJob = """
        easel: 1
        name: shells
        vars: { account: "sis_account_id:ENG" }
        inputs: { courses: { csv: courses.csv } }
        defaults: { parallelism: 6 }
        steps:
          - id: shells
            for_each: ${{ inputs.courses }}
            ensure: course
            in: ${{ vars.account }}
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.title }}" }
          - id: publish
            for_each: ${{ steps.shells.items }}
            when: ${{ item.output.workflow_state == 'unpublished' }}
            request: PUT /api/v1/courses/${{ item.output.id }}
            body: { course: { event: offer } }
          - id: report
            needs: [publish]
            for_each: ${{ steps.shells.items }}
            get: /api/v1/courses/${{ item.output.id }}
            export: { csv: out/report.csv, columns: [sis_course_id, workflow_state] }
        """

    @Test func appliesAJobThenFindsNothingLeftToChange() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(Self.shellsJob, files: ["courses.csv": Self.coursesCSV(12, prefix: "AP")])
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .succeeded, "\(outcome.problems)")
            #expect(outcome.summary.step("shells")?[.confirmed] == 12)
            #expect(outcome.summary.step("publish")?[.confirmed] == 12)
            let report = try String(
                contentsOf: harness.folder.appendingPathComponent("out/report.csv"), encoding: .utf8)
            let rows = report.split(separator: "\n").dropFirst()
            #expect(rows.count == 12)
            #expect(rows.allSatisfy { $0.hasSuffix(",available") })

            let again = try await harness.plan(graph)
            #expect(again.summary.creates == 0 && again.summary.updates == 0 && again.summary.requests == 0)
            #expect(again.summary.unchanged == 12)
            let second = try await harness.apply(graph)
            #expect(second.status == .succeeded)
            #expect(second.summary.step("publish")?[.skipped] == 12)
        }
    }

    @Test func resumeSendsNothingTwiceAndFeedsLaterStepsFromTheJournal() async throws {
        // Every request is held in flight until the test moves the sandbox's clock.
        let clock = TestClock()
        try await ApplyHarness.run(sandbox: {
            $0.latency = .milliseconds(5)
            $0.clock = clock.sandbox
        }) { harness in
            let graph = try harness.job(Self.shellsJob, files: ["courses.csv": Self.coursesCSV(40, prefix: "RS")])
            let run = try await harness.beginRun(graph)
            let stop = StopSignal()
            let progress = RunProgress(stepIDs: graph.order)
            // Lets the requests through as they come, and stops the run once ten shells are done.
            let watcher = Task {
                while (progress.snapshot.first { $0.stepID == "shells" }?.done ?? 0) < 10 {
                    guard await clock.waitForSleepers(1) else { break }
                    clock.advance(by: .milliseconds(5))
                }
                stop.request(.interrupted)
                clock.skipWaits()
            }
            var options = Executor.Options()
            options.exportDirectory = harness.folder
            let first = try await Executor(
                graph: graph, client: harness.client, journal: harness.journal, runID: run, options: options,
                progress: progress, stop: stop, logger: ApplyHarness.logger
            ).run()
            await watcher.value
            #expect(first.status == .interrupted)
            let confirmedBefore = try await harness.journal.items(run: run, step: "shells", states: [.confirmed]).count
            #expect(confirmedBefore >= 10 && confirmedBefore < 40)
            let postsBefore =
                try await SandboxControl.stats(of: harness.sandbox)["requests_by_method"]?["POST"]?.intValue ?? 0

            let second = try await harness.execute(graph, run: run)
            #expect(second.status == .succeeded, "\(second.problems)")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            // Each course was created by exactly one POST, whether before or after the stop.
            #expect(stats["requests_by_method"]?["POST"]?.intValue == 40)
            #expect(postsBefore >= confirmedBefore)
            let courses = try await harness.get("/api/v1/accounts/sis_account_id:ENG/courses", query: ["per_page": 100])
            let created =
                courses.arrayValue?.filter { $0["sis_course_id"]?.stringValue?.hasPrefix("RS-") ?? false } ?? []
            #expect(created.count == 40)
            // The publish step ran for courses confirmed before the stop, from the ids the journal kept.
            #expect(created.allSatisfy { $0["workflow_state"] == "available" })
            #expect(try await harness.journal.items(run: run, states: [.confirmed]).count == 40 * 3)
        }
    }

    /// Courses created by a raw POST, which Canvas does not deduplicate: only the verify read prevents doubles.
    static func rawCreateJob(verify: Bool) -> String {
        """
        easel: 1
        name: raw-creates
        inputs: { courses: { csv: courses.csv } }
        defaults: { parallelism: 4, on_error: continue }
        steps:
          - id: create
            for_each: ${{ inputs.courses }}
            item_key: ${{ item.title }}
            request: POST /api/v1/accounts/1/courses
            body: { course: { name: "${{ item.title }}" } }
        """
            + (verify
                ? """

                    verify:
                      get: /api/v1/accounts/1/courses
                      query: { search_term: "${{ item.title }}" }
                      match: { name: "${{ item.title }}" }
                """ : "")
    }

    static func countCourses(named prefix: String, in harness: ApplyHarness) async throws -> [String: Int] {
        let courses = try await harness.get(
            "/api/v1/accounts/1/courses", query: ["per_page": 100, "search_term": .string(prefix)])
        var counts: [String: Int] = [:]
        for course in courses.arrayValue ?? [] {
            if let name = course["name"]?.stringValue, name.hasPrefix(prefix) { counts[name, default: 0] += 1 }
        }
        return counts
    }

    @Test func lostAnswersWithAVerifyReadAreReconciledWithoutDoubles() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                Self.rawCreateJob(verify: true), files: ["courses.csv": Self.coursesCSV(30, prefix: "LV")])
            try await harness.setFaults("lost=0.3")
            let outcome = try await harness.apply(graph)
            try await harness.setFaults("")
            let stats = try await SandboxControl.stats(of: harness.sandbox)
            #expect((stats["faults"]?["lost"]?.intValue ?? 0) > 0, "no answer was lost: \(stats)")
            var counts = try await Self.countCourses(named: "Course LV", in: harness)
            if outcome.status != .succeeded {
                // An answer lost again on the verify read itself: resume reconciles it.
                #expect(try await harness.execute(graph, run: outcome.runID).status == .succeeded)
                counts = try await Self.countCourses(named: "Course LV", in: harness)
            }
            #expect(counts.count == 30)
            #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value != 1 })")
        }
    }

    @Test func aLostAnswerWithoutAVerifyReadStaysInDoubtUntilSomeoneDecides() async throws {
        try await ApplyHarness.run { harness in
            let graph = try harness.job(
                Self.rawCreateJob(verify: false), files: ["courses.csv": Self.coursesCSV(3, prefix: "ND")])
            try await harness.setFaults("lost=1")
            let outcome = try await harness.apply(graph)
            try await harness.setFaults("")
            #expect(outcome.status == .failed)
            #expect(outcome.summary[.inDoubt] == 3)
            // The writes did happen; a resume that cannot tell must not send them again.
            let stopped = try await harness.execute(graph, run: outcome.runID)
            #expect(stopped.summary[.inDoubt] == 3)
            #expect(stopped.problems.allSatisfy { $0.errorMessage?.contains("--in-doubt") ?? false })
            let settled = try await harness.execute(graph, run: outcome.runID) { $0.inDoubtPolicy = .assumeDone }
            #expect(settled.status == .succeeded)
            let counts = try await Self.countCourses(named: "Course ND", in: harness)
            #expect(counts == ["Course ND 1": 1, "Course ND 2": 1, "Course ND 3": 1])
        }
    }

    @Test func aSavedPlanRefusesOnlyTheItemWhoseObjectChangedSince() async throws {
        try await ApplyHarness.run { harness in
            let csv =
                "sis_course_id,title\nENGL-101-2026SP,Composition I\nENGL-102-2026FA,World Literature I\n"
                + "BIO-101-2026SP,Introduction to Biology I\n"
            let graph = try harness.job(
                """
                easel: 1
                name: renames
                inputs: { courses: { csv: renames.csv } }
                steps:
                  - id: rename
                    for_each: ${{ inputs.courses }}
                    ensure: course
                    key: { sis_course_id: "${{ item.sis_course_id }}" }
                    set: { name: "${{ item.title }}" }
                """, files: ["renames.csv": csv])
            let planned = try await harness.plan(graph)
            #expect(planned.summary.updates == 3)
            let path = harness.folder.appendingPathComponent("plan.json").path
            try PlanFile.write(planned, to: path)
            let saved = try PlanFile.read(from: path)
            // Someone renames one course in Canvas after the plan was reviewed.
            _ = try await harness.client.send(
                CanvasRequest(
                    .put, "/api/v1/courses/sis_course_id:ENGL-102-2026FA",
                    body: .form(["course": ["name": "Changed elsewhere"]])),
                logger: ApplyHarness.logger)
            let outcome = try await harness.apply(graph) { $0.reviewedPlan = saved }
            #expect(outcome.status == .failed)
            #expect(outcome.refused.map(\.itemKey) == ["sis_course_id=ENGL-102-2026FA"])
            #expect(outcome.summary.step("rename")?[.confirmed] == 2)
            let untouched = try await harness.get("/api/v1/courses/sis_course_id:ENGL-102-2026FA")
            #expect(untouched["name"] == "Changed elsewhere")
            let applied = try await harness.get("/api/v1/courses/sis_course_id:BIO-101-2026SP")
            #expect(applied["name"] == "Introduction to Biology I")
        }
    }

    @Test func dependentsOfAFailedItemAreSkippedAndIndependentWorkGoesOn() async throws {
        try await ApplyHarness.run { harness in
            let csv = "course,section\nENGL-101-2026SP,Lab A\nNO-SUCH-COURSE,Lab B\nBIO-101-2026SP,Lab C\n"
            let graph = try harness.job(
                """
                easel: 1
                name: sections
                inputs: { rows: { csv: sections.csv } }
                defaults: { on_error: continue }
                steps:
                  - id: sections
                    for_each: ${{ inputs.rows }}
                    item_key: ${{ item.section }}
                    ensure: section
                    in: sis_course_id:${{ item.course }}
                    key: { name: "${{ item.section }}" }
                  - id: rename
                    for_each: ${{ steps.sections.items }}
                    request: PUT /api/v1/sections/${{ item.output.id }}
                    body: { course_section: { name: "${{ item.input.section }} (2026)" } }
                """, files: ["sections.csv": csv])
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .failed)
            #expect(outcome.summary.step("sections")?[.failed] == 1)
            #expect(outcome.summary.step("sections")?[.confirmed] == 2)
            #expect(outcome.summary.step("rename")?[.confirmed] == 2)
            #expect(outcome.summary.step("rename")?[.skipped] == 1)
            #expect(outcome.summary.step("rename")?[.failed] == 0)
            let failure = try #require(outcome.problems.first)
            #expect(failure.itemKey == "Lab B")
            #expect(failure.errorMessage?.contains("not found") ?? false, "\(failure.errorMessage ?? "")")
        }
    }

    @Test func onErrorStopStartsNoNewWorkAfterAFailure() async throws {
        try await ApplyHarness.run { harness in
            let csv =
                "course,section\nNO-SUCH-COURSE,Lab A\n"
                + (1...30).map { "ENGL-101-2026SP,Extra \($0)" }.joined(separator: "\n")
            let graph = try harness.job(
                """
                easel: 1
                name: sections
                inputs: { rows: { csv: sections.csv } }
                defaults: { parallelism: 1, on_error: stop }
                steps:
                  - id: sections
                    for_each: ${{ inputs.rows }}
                    item_key: ${{ item.section }}
                    ensure: section
                    in: sis_course_id:${{ item.course }}
                    key: { name: "${{ item.section }}" }
                """, files: ["sections.csv": csv])
            let outcome = try await harness.apply(graph)
            #expect(outcome.status == .failed)
            #expect(outcome.summary.step("sections")?[.failed] == 1)
            #expect((outcome.summary.step("sections")?[.confirmed] ?? 0) == 0)
        }
    }
}
