import EaselTestSupport
import Execution
import Foundation
import Journal
import PostgresJournal
import Sandbox
import Testing

/// One writer per job and Canvas: two `apply` processes of one job against one sandbox, started together.
@Suite(.serialized) struct JobLockTests {
    /// Starts two `apply` of the job in `folder` at once with `extra` arguments; returns each one's status and
    /// output, with the pids.
    static func race(
        in folder: URL, sandbox: RunningSandbox, extra: [[String]]
    ) async throws -> [(pid: Int32, status: Int32, text: String)] {
        let launched = try extra.map { arguments in
            try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve"] + arguments, in: folder, sandbox: sandbox)
        }
        var results: [(pid: Int32, status: Int32, text: String)] = []
        for process in launched {
            let (status, text) = await KillAndResumeTests.finish(process)
            results.append((process.processIdentifier, status, text))
        }
        return results
    }

    /// Checks that exactly one of `results` ran (exit 0) and the other was refused (exit 75) naming the winner's
    /// process and run; returns the winner's run id as the refusal names it.
    static func expectOneRanAndOneWasRefused(_ results: [(pid: Int32, status: Int32, text: String)]) -> String? {
        #expect(results.map(\.status).sorted() == [0, 75], "\(results.map(\.text))")
        guard let winner = results.first(where: { $0.status == 0 }),
            let loser = results.first(where: { $0.status == 75 })
        else { return nil }
        #expect(loser.text.contains("job 'many-courses' on "), "\(loser.text)")
        #expect(loser.text.contains("is locked by \(RunOrigin.current.user)@"), "\(loser.text)")
        #expect(loser.text.contains("(process \(winner.pid), run "), "\(loser.text)")
        guard let range = loser.text.range(of: "(process \(winner.pid), run ") else { return nil }
        return String(loser.text[range.upperBound...].prefix { $0 != "," })
    }

    static func sandboxConfiguration() -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.latency = .milliseconds(15)
        return configuration
    }

    @Test func withALocalJournalOneApplyRunsAndTheOtherIsRefusedNamingIt() async throws {
        let count = 300
        let folder = try KillAndResumeTests.makeJob(count: count, prefix: "LL")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The journal exists already, as it does after a first run: the race is for the lock, not for creating it.
        _ = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
        try await withSandbox(Self.sandboxConfiguration()) { sandbox in
            let results = try await Self.race(in: folder, sandbox: sandbox, extra: [[], []])
            let winnerRun = Self.expectOneRanAndOneWasRefused(results)
            let run = try #require(try await KillAndResumeTests.latestRun(in: folder))
            #expect(winnerRun == run.id.rawValue)
            let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
            #expect(try await journal.runs(limit: 10).count == 1)
            let (courses, _) = try await KillAndResumeTests.objectCounts(prefix: "LL-", sandbox: sandbox)
            #expect(courses.count == count && courses.values.allSatisfy { $0 == 1 })

            // The lease was given up at the end: the next apply takes it at once.
            let again = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            let result = await KillAndResumeTests.finish(again)
            #expect(result.status == 0, "\(result.text)")
        }
    }

    @Test func aLeaseWhoseProcessWasKilledIsTakenOverAndATimeoutWaitsForTheHolder() async throws {
        let count = 300
        let folder = try KillAndResumeTests.makeJob(count: count, prefix: "LK")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSandbox(Self.sandboxConfiguration()) { sandbox in
            let first = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            for _ in 0..<500 where first.isRunning {
                if await KillAndResumeTests.latestRunSoFar(in: folder) != nil { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            // While the first runs, a second that may wait long enough runs after it.
            let waiting = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve", "--lock-timeout", "120"], in: folder, sandbox: sandbox)
            let firstResult = await KillAndResumeTests.finish(first)
            let waitingResult = await KillAndResumeTests.finish(waiting)
            #expect(firstResult.status == 0, "\(firstResult.text)")
            #expect(waitingResult.status == 0, "\(waitingResult.text)")

            // A holder killed with -9 leaves its lease behind; its process is gone, so the next writer takes it.
            let before = try await KillAndResumeTests.latestRun(in: folder)?.id
            let third = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            // Its run begun, it holds the lease.
            for _ in 0..<1_000 where third.isRunning {
                if await KillAndResumeTests.latestRunSoFar(in: folder)?.id != before { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(third.isRunning)
            third.send(SIGKILL)
            _ = await KillAndResumeTests.finish(third)
            let fourth = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox)
            let fourthResult = await KillAndResumeTests.finish(fourth)
            #expect(fourthResult.status == 0, "\(fourthResult.text)")
            let (courses, _) = try await KillAndResumeTests.objectCounts(prefix: "LK-", sandbox: sandbox)
            #expect(courses.count == count && courses.values.allSatisfy { $0 == 1 })
        }
    }

    @Test func withALocalJournalAPlanRunsAndAResumeIsRefusedWhileAnotherWriterHoldsTheLock() async throws {
        let folder = try TemporaryFolder(CLIJobs.coursesSectionsAndAFailure(prefix: "LP"))
        defer { folder.remove() }
        try await withSandbox(Self.sandboxConfiguration()) { sandbox in
            let applied = await KillAndResumeTests.finish(
                try KillAndResumeTests.launch(
                    ["apply", "job.yaml", "--auto-approve"], in: folder.url, sandbox: sandbox))
            #expect(applied.status == 1, "\(applied.text)")
            // With on_error: continue every item was tried: the run did not stop early, it ended with a failure.
            #expect(applied.text.contains("Apply finished with failures: "), "\(applied.text)")
            let failedRun = try #require(try await KillAndResumeTests.latestRun(in: folder.url))

            // Another writer of the job holds its lock: the lease a running apply takes, in the same journal.
            let origin = RunOrigin.current
            let holderRun = RunID.generate()
            let lock = try await SQLiteJobLocking(path: folder.path(".easel/journal.sqlite")).acquire(
                JobLockKey(canvasHost: "127.0.0.1:\(sandbox.port)", jobName: "cli-run"),
                for: JobLockHolder(
                    user: origin.user, host: origin.host, pid: Int(getpid()), runID: holderRun, since: Date()),
                timeout: .zero)
            defer { lock.release() }

            let plan = await KillAndResumeTests.finish(
                try KillAndResumeTests.launch(["plan", "job.yaml"], in: folder.url, sandbox: sandbox))
            #expect(plan.status == 0, "plan takes no lock: \(plan.text)")
            #expect(plan.text.contains("Plan: "), "\(plan.text)")
            let refused = await KillAndResumeTests.finish(
                try KillAndResumeTests.launch(["resume", failedRun.id.rawValue], in: folder.url, sandbox: sandbox))
            #expect(refused.status == 75, "\(refused.text)")
            #expect(
                refused.text.contains(
                    "job 'cli-run' on 127.0.0.1:\(sandbox.port) is locked by \(origin.user)@\(origin.host) "
                        + "(process \(getpid()), run \(holderRun),"), "\(refused.text)")

            // Once the lock is given up, the same resume runs (and fails again on the course that is not there).
            lock.release()
            let resumed = await KillAndResumeTests.finish(
                try KillAndResumeTests.launch(["resume", failedRun.id.rawValue], in: folder.url, sandbox: sandbox))
            #expect(resumed.status == 1, "\(resumed.text)")
            #expect(!resumed.text.contains("is locked by"), "\(resumed.text)")
        }
    }

    /// The newest run in `store` once it is not `previous`, while `process` runs.
    static func newRun(after previous: RunID?, of process: ChildProcess, in store: PostgresJournalStore) async throws
        -> RunID?
    {
        for _ in 0..<1_000 where process.isRunning {
            if let run = try await store.latestRun(), run.id != previous { return run.id }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    @Test(SharedStateDatabase.required)
    func withSharedStateAPlanRunsAndAResumeIsRefusedWhileAnApplyHoldsTheLock() async throws {
        let database = try SharedStateDatabase()
        let count = 300
        let folder = try KillAndResumeTests.makeJob(count: count, prefix: "PH")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSandbox(Self.sandboxConfiguration()) { sandbox in
            let store = try await database.open()
            defer { store.close() }
            func launch(_ arguments: [String]) throws -> ChildProcess {
                try KillAndResumeTests.launch(arguments + ["--state-url", database.url], in: folder, sandbox: sandbox)
            }
            // A run of the job killed midway, to be resumed.
            let killed = try launch(["apply", "job.yaml", "--auto-approve"])
            let killedRun = try #require(try await Self.newRun(after: nil, of: killed, in: store))
            #expect(killed.isRunning, "the run ended before it could be killed; make it longer")
            killed.send(SIGKILL)
            _ = await KillAndResumeTests.finish(killed)

            // An apply of the same job, stopped (not killed) once its run has begun: it holds the lock, its session
            // open, for as long as the checks below take.
            let holder = try launch(["apply", "job.yaml", "--auto-approve"])
            guard let holderRun = try await Self.newRun(after: killedRun, of: holder, in: store) else {
                let result = await KillAndResumeTests.finish(holder)
                Issue.record("the apply began no run: \(result.status) \(result.text)")
                return
            }
            try #require(holder.isRunning, "the apply ended before it could be stopped; make it longer")
            holder.send(SIGSTOP)
            var stopped = true
            defer { if stopped { holder.send(SIGCONT) } }

            let plan = await KillAndResumeTests.finish(try launch(["plan", "job.yaml"]))
            #expect(plan.status == 0, "plan takes no lock: \(plan.text)")
            #expect(plan.text.contains("Plan: "), "\(plan.text)")
            let refused = await KillAndResumeTests.finish(try launch(["resume", killedRun.rawValue]))
            #expect(refused.status == 75, "\(refused.text)")
            #expect(
                refused.text.contains(
                    "job 'many-courses' on 127.0.0.1:\(sandbox.port) is locked by \(RunOrigin.current.user)@"),
                "\(refused.text)")
            #expect(refused.text.contains("(process \(holder.processIdentifier), run \(holderRun),"), "\(refused.text)")
            #expect(try await store.run(killedRun)?.status != .succeeded)

            holder.send(SIGCONT)
            stopped = false
            let held = await KillAndResumeTests.finish(holder)
            #expect(held.status == 0, "\(held.text)")
            let resumed = await KillAndResumeTests.finish(try launch(["resume", killedRun.rawValue]))
            #expect(resumed.status == 0, "\(resumed.text)")
            let (courses, sections) = try await KillAndResumeTests.objectCounts(prefix: "PH-", sandbox: sandbox)
            #expect(courses.count == count && courses.values.allSatisfy { $0 == 1 })
            #expect(sections.count == count && sections.values.allSatisfy { $0 == 1 })
        }
        await database.remove()
    }

    @Test(SharedStateDatabase.required)
    func withSharedStateOneApplyRunsAndTheOtherIsRefusedNamingIt() async throws {
        let database = try SharedStateDatabase()
        let count = 300
        let folder = try KillAndResumeTests.makeJob(count: count, prefix: "PL")
        // A second checkout of the same job: the lock is on the job and the Canvas, not on a folder.
        let otherFolder = try KillAndResumeTests.makeJob(count: count, prefix: "PL")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: otherFolder)
        }
        try await withSandbox(Self.sandboxConfiguration()) { sandbox in
            let store = try await database.open()
            defer { store.close() }
            let launched = try [folder, otherFolder].map { checkout in
                try KillAndResumeTests.launch(
                    ["apply", "job.yaml", "--auto-approve", "--state-url", database.url], in: checkout,
                    sandbox: sandbox)
            }
            var results: [(pid: Int32, status: Int32, text: String)] = []
            for process in launched {
                let (status, text) = await KillAndResumeTests.finish(process)
                results.append((process.processIdentifier, status, text))
            }
            let winnerRun = Self.expectOneRanAndOneWasRefused(results)
            let runs = try await store.runs(limit: 10)
            #expect(runs.count == 1)
            #expect(winnerRun == runs.first?.id.rawValue)
            let (courses, _) = try await KillAndResumeTests.objectCounts(prefix: "PL-", sandbox: sandbox)
            #expect(courses.count == count && courses.values.allSatisfy { $0 == 1 })

            // A holder killed with -9 loses its session, and the server frees its lock.
            let killed = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve", "--state-url", database.url], in: folder, sandbox: sandbox)
            // Its run begun, it holds the lock.
            for _ in 0..<1_000 where killed.isRunning {
                if try await store.runs(limit: 10).count == 2 { break }
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(killed.isRunning)
            killed.send(SIGKILL)
            _ = await KillAndResumeTests.finish(killed)
            let next = try KillAndResumeTests.launch(
                ["apply", "job.yaml", "--auto-approve", "--state-url", database.url],
                in: otherFolder, sandbox: sandbox)
            let nextResult = await KillAndResumeTests.finish(next)
            #expect(nextResult.status == 0, "\(nextResult.text)")
        }
        await database.remove()
    }
}
