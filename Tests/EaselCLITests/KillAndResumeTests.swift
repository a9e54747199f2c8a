import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Journal
import Logging
import Sandbox
import Testing

/// The `easel` binary run as a separate process against an in-process sandbox, killed and resumed as an admin's
/// terminal or a crash would.
@Suite(.serialized) struct KillAndResumeTests {
    /// The `easel` executable built beside this test bundle.
    static var easelBinary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("easel")
    }

    /// A folder with a job creating `count` courses (each then given a section) from a CSV; with `raw`, each course
    /// also gets a section made by a raw POST checked by its `verify:` read, and one course is copied into
    /// another, waiting for the copy's Progress.
    static func makeJob(count: Int, prefix: String, raw: Bool = false) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let rows = (1...count).map { "\(prefix)-\($0),Course \($0)" }.joined(separator: "\n")
        try "sis_course_id,title\n\(rows)\n".write(
            to: folder.appendingPathComponent("courses.csv"), atomically: true, encoding: .utf8)
        try
            ("""
        easel: 1
        name: many-courses
        inputs: { courses: { csv: courses.csv } }
        defaults: { parallelism: 8, on_error: continue, retry: { settle: 500ms, backoff: 50ms, attempts: 8 } }
        steps:
          - id: courses
            for_each: ${{ inputs.courses }}
            ensure: course
            in: self
            key: { sis_course_id: "${{ item.sis_course_id }}" }
            set: { name: "${{ item.title }}" }
          - id: sections
            for_each: ${{ steps.courses.items }}
            ensure: section
            in: ${{ item.output.id }}
            key: { name: "Section of ${{ item.input.sis_course_id }}" }
        """
            + (raw ? Self.rawSteps(prefix: prefix) : "")).write(
                to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Raw POSTs with `verify:`, a course copy with `wait: progress`, and a settle time longer than the sandbox's
    /// late commits.
    static func rawSteps(prefix: String) -> String {
        """

          - id: raw_sections
            for_each: ${{ steps.courses.items }}
            request: POST /api/v1/courses/${{ item.output.id }}/sections
            body: { course_section: { name: "Raw of ${{ item.input.sis_course_id }}" } }
            retry: { settle: 500ms, backoff: 50ms, attempts: 8 }
            verify:
              get: /api/v1/courses/${{ item.output.id }}/sections
              match: { name: "Raw of ${{ item.input.sis_course_id }}" }
          - id: copy_source
            ensure: course
            in: self
            key: { sis_course_id: "\(prefix)-COPY-SOURCE" }
            set: { name: Copy source }
          - id: copy_target
            ensure: course
            in: self
            key: { sis_course_id: "\(prefix)-COPY-TARGET" }
            set: { name: Copy target }
          - id: copy
            request: POST /api/v1/courses/${{ steps.copy_target.output.id }}/content_migrations
            body:
              migration_type: course_copy_importer
              settings: { source_course_id: "${{ steps.copy_source.output.id }}" }
            wait: progress
            retry: { settle: 500ms, backoff: 50ms, attempts: 8 }
            verify:
              get: /api/v1/courses/${{ steps.copy_target.output.id }}/content_migrations
              match: { migration_type: course_copy_importer }
        """
    }

    /// Starts `easel` with `arguments` in `folder`, talking to `sandbox`; standard error goes with standard output.
    static func launch(_ arguments: [String], in folder: URL, sandbox: RunningSandbox) throws -> ChildProcess {
        let target = arguments.contains("--env") ? [] : ["--base-url", sandbox.baseURL]
        var environment = ProcessInfo.processInfo.environment
        environment["CANVAS_TOKEN"] = sandbox.token
        return try ChildProcess(
            executable: easelBinary,
            arguments: arguments + target + ["--state-dir", folder.appendingPathComponent(".easel").path],
            environment: environment, directory: folder, mergingErrors: true)
    }

    /// Waits for the process to end, reading its output so it never blocks on a full pipe; the status is the exit
    /// status, or the signal's number when a signal ended it.
    ///
    /// The blocking read runs on a Dispatch thread: blocking the test's cooperative threads would starve the
    /// in-process sandbox the child is talking to.
    static func finish(_ process: ChildProcess) async -> (status: Int32, text: String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let (termination, output, _) = process.readToEndAndWait()
                let status: Int32
                switch termination {
                case .exited(let code): status = code
                case .signalled(let signal): status = signal
                }
                continuation.resume(returning: (status, String(decoding: output, as: UTF8.self)))
            }
        }
    }

    /// The latest run in the folder's journal, if one was begun.
    static func latestRun(in folder: URL) async throws -> RunRecord? {
        let path = folder.appendingPathComponent(".easel/journal.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try await SQLiteJournalStore(path: path).latestRun()
    }

    /// The latest run, or nil also while the process under test is still creating the journal (SQLite says it is
    /// locked then): for polls while that process runs.
    static func latestRunSoFar(in folder: URL) async -> RunRecord? {
        (try? await latestRun(in: folder)) ?? nil
    }

    /// What `confirmedItems` says, or nothing while the process under test is still creating the journal: for
    /// polls while that process runs.
    static func confirmedItemsSoFar(in folder: URL) async -> Set<String> {
        (try? await confirmedItems(in: folder)) ?? []
    }

    /// The steps and keys of the items the latest run has confirmed, as its journal says now.
    static func confirmedItems(in folder: URL) async throws -> Set<String> {
        guard let run = try await latestRun(in: folder) else { return [] }
        let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
        return Set(try await journal.items(run: run.id, states: [.confirmed]).map { "\($0.stepID) \($0.itemKey)" })
    }

    /// `apply` if no run was begun yet, else `resume latest`.
    static func nextCommand(in folder: URL) async throws -> [String] {
        try await latestRun(in: folder) == nil
            ? ["apply", "job.yaml", "--auto-approve", "--format", "json"] : ["resume", "latest", "--format", "json"]
    }

    /// Every course and section the job made, counted by SIS id and by name.
    static func objectCounts(prefix: String, sandbox: RunningSandbox) async throws -> (
        courses: [String: Int], sections: [String: Int]
    ) {
        let configuration = CanvasClientConfiguration(baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return try await withCanvasClient(configuration) { client in
            let courses = try await client.getAll(.get("/api/v1/accounts/1/courses"), logger: logger)
            var courseCounts: [String: Int] = [:]
            var sectionCounts: [String: Int] = [:]
            for course in courses.arrayValue ?? [] {
                guard let sis = course["sis_course_id"]?.stringValue, sis.hasPrefix(prefix), !sis.contains("COPY"),
                    let id = course["id"]?.intValue
                else { continue }
                courseCounts[sis, default: 0] += 1
                let sections = try await client.getAll(.get("/api/v1/courses/\(id)/sections"), logger: logger)
                for section in sections.arrayValue ?? [] {
                    if let name = section["name"]?.stringValue, name.hasPrefix("Section of") || name.hasPrefix("Raw of")
                    {
                        sectionCounts[name, default: 0] += 1
                    }
                }
            }
            return (courseCounts, sectionCounts)
        }
    }

    @Test func aRunKilledAtRandomPointsAndResumedEndsWithEveryObjectExactlyOnce() async throws {
        let count = 500
        let folder = try Self.makeJob(count: count, prefix: "K", raw: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.latency = .milliseconds(3)
        // Every kind of fault: lost answers, refused and committed 5xx, gateway timeouts whose write lands later.
        configuration.faults = try SandboxFaults(
            parsing: "lost=0.02,503=0.02,applied502=0.01,applied504=0.01,late504=0.01@200ms,drop=0.01")
        let items = 3 * count + 3
        try await withSandbox(configuration) { sandbox in
            var generator = SystemRandomNumberGenerator()
            var midRunKills = 0
            var confirmedAtKills: Set<String> = []
            for _ in 0..<20 {
                let before = await Self.confirmedItemsSoFar(in: folder).count
                let process = try Self.launch(
                    try await Self.nextCommand(in: folder), in: folder, sandbox: sandbox)
                // Kill at a random moment after this launch has confirmed something of its own, so the kill lands
                // in the middle of writing, not while the job is still being read or planned.
                for _ in 0..<500 where process.isRunning {
                    if await Self.confirmedItemsSoFar(in: folder).count > before { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...250, using: &generator)))
                if process.isRunning {
                    process.send(SIGKILL)
                    _ = await Self.finish(process)
                    let confirmed = try await Self.confirmedItems(in: folder)
                    // Whatever a killed process had confirmed stays confirmed.
                    #expect(confirmedAtKills.isSubset(of: confirmed))
                    confirmedAtKills = confirmed
                    if confirmed.count < items { midRunKills += 1 }
                } else {
                    _ = await Self.finish(process)
                }
            }
            #expect(midRunKills >= 10, "the job finished before it could be killed ten times; make it longer")
            var final = (status: Int32(-1), text: "")
            for _ in 0..<8 where final.status != 0 {
                let process = try Self.launch(
                    try await Self.nextCommand(in: folder), in: folder, sandbox: sandbox)
                final = await Self.finish(process)
            }
            #expect(final.status == 0, "\(final.text)")
            let (courses, sections) = try await Self.objectCounts(prefix: "K-", sandbox: sandbox)
            #expect(courses.count == count)
            #expect(courses.values.allSatisfy { $0 == 1 }, "duplicated: \(courses.filter { $0.value > 1 })")
            #expect(sections.count == 2 * count)
            #expect(sections.values.allSatisfy { $0 == 1 }, "duplicated: \(sections.filter { $0.value > 1 })")
            let copies = try await Self.copies(into: "K-COPY-TARGET", sandbox: sandbox)
            #expect(copies == 1, "one course copy, however often the run was killed")
            let run = try #require(try await Self.latestRun(in: folder))
            let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
            let summary = try await journal.summary(of: run.id)
            #expect(summary[.confirmed] == items, "\(summary)")
            #expect(summary.total == items)
        }
    }

    /// How many content migrations the course with `sis` received.
    static func copies(into sis: String, sandbox: RunningSandbox) async throws -> Int {
        let configuration = CanvasClientConfiguration(baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return try await withCanvasClient(configuration) { client in
            let migrations = try await client.getAll(
                .get("/api/v1/courses/sis_course_id:\(sis)/content_migrations"), logger: logger)
            return migrations.arrayValue?.count ?? 0
        }
    }

    @Test func aSecondProcessOnARunIsRefusedByTheJournalsLock() async throws {
        let folder = try Self.makeJob(count: 200, prefix: "L")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.latency = .milliseconds(40)
        try await withSandbox(configuration) { sandbox in
            let first = try Self.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            // Writing once it has confirmed an item, holding both locks. A loaded machine can take many seconds to
            // start the process and plan: wait up to a minute.
            let writing = try await eventually(timeout: .seconds(60)) {
                await !Self.confirmedItemsSoFar(in: folder).isEmpty || !first.isRunning
            }
            #expect(writing, "the run confirmed nothing in a minute")
            let run = try #require(try await Self.latestRun(in: folder))
            #expect(first.isRunning, "the run ended before a second process could try it")
            // Without the pid file, only the journal's lock stands between the two.
            try? FileManager.default.removeItem(
                at: folder.appendingPathComponent(".easel/runs/\(run.id.rawValue)/pid"))
            let second = try Self.launch(["resume", run.id.rawValue], in: folder, sandbox: sandbox)
            let refused = await Self.finish(second)
            // The job's lock (one writer per job and Canvas) refuses it first; the run's own lock in the journal
            // stands behind it (JournalStoreConformance.locksARunForOneHolder). Either names the first process.
            #expect(refused.status == 75, "\(refused.text)")
            #expect(refused.text.contains("process \(first.processIdentifier)"), "\(refused.text)")

            // The lock dies with its process: after a kill, resume takes it.
            first.send(SIGKILL)
            _ = await Self.finish(first)
            let third = try Self.launch(["resume", run.id.rawValue], in: folder, sandbox: sandbox)
            let resumed = await Self.finish(third)
            #expect(resumed.status == 0, "\(resumed.text)")
        }
    }

    @Test func ctrlCStopsCleanlyAndResumeCompletesTheRun() async throws {
        let count = 200
        let folder = try Self.makeJob(count: count, prefix: "C")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.latency = .milliseconds(20)
        try await withSandbox(configuration) { sandbox in
            let process = try Self.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            // Interrupt once the run has confirmed an item, so that the interrupt lands mid-run.
            let writing = try await eventually(timeout: .seconds(60)) {
                await !Self.confirmedItemsSoFar(in: folder).isEmpty || !process.isRunning
            }
            #expect(writing, "the run confirmed nothing in a minute")
            #expect(process.isRunning, "the run ended before it could be interrupted")
            process.send(SIGINT)
            let interrupted = await Self.finish(process)
            #expect(interrupted.status == 130, "\(interrupted.text)")
            #expect(interrupted.text.contains("easel resume"))
            let run = try #require(try await Self.latestRun(in: folder))
            #expect(run.status == .interrupted)
            let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
            // Requests in flight were let finish: nothing is left with only its intent journaled.
            #expect(try await journal.items(run: run.id, states: [.intent, .sent]).isEmpty)

            let resumed = try Self.launch(["resume", run.id.rawValue], in: folder, sandbox: sandbox)
            let result = await Self.finish(resumed)
            #expect(result.status == 0, "\(result.text)")
            let (courses, sections) = try await Self.objectCounts(prefix: "C-", sandbox: sandbox)
            #expect(courses.count == count && courses.values.allSatisfy { $0 == 1 })
            #expect(sections.count == count && sections.values.allSatisfy { $0 == 1 })
        }
    }
}
