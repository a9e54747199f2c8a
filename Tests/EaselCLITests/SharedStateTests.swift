import EaselTestSupport
import Execution
import Foundation
import JSONValues
import PostgresJournal
import Sandbox
import Testing

/// `--state-url`: runs journaled in PostgreSQL, listed and resumed from any folder.
@Suite(.serialized, SharedStateDatabase.required) struct SharedStateTests {
    /// `easel ARGUMENTS` in `folder` against `sandbox`, with its state in `database`.
    static func launch(
        _ arguments: [String], in folder: URL, sandbox: RunningSandbox, database: SharedStateDatabase
    ) throws -> (Process, Pipe) {
        try KillAndResumeTests.launch(arguments + ["--state-url", database.url], in: folder, sandbox: sandbox)
    }

    @Test func applyJournalsToPostgreSQLAndRunsAndShowReadIt() async throws {
        let database = try SharedStateDatabase()
        let folder = try TemporaryFolder(CLIJobs.courses(rows: 5, prefix: "PG"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let (process, output) = try Self.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder.url, sandbox: sandbox, database: database)
            let applied = await KillAndResumeTests.finish(process, output)
            #expect(applied.status == 0, "\(applied.text)")

            // Nothing was journaled locally: the run is in the database.
            #expect(!FileManager.default.fileExists(atPath: folder.path(".easel/journal.sqlite")))
            let store = try await database.open()
            defer { store.close() }
            let run = try #require(try await store.latestRun())
            #expect(run.status == .succeeded)
            #expect(run.jobPath == "job.yaml")
            #expect(try await store.summary(of: run.id)[.confirmed] == 5)
            #expect(try await store.files(of: run.id).map(\.path) == ["courses.csv", "job.yaml"])

            let elsewhere = try TemporaryFolder()
            defer { try? FileManager.default.removeItem(at: elsewhere.url) }
            let runs = try await EaselProcess.run(
                ["runs", "--format", "json"], in: elsewhere.url, environment: ["EASEL_STATE_URL": database.url])
            #expect(runs.status == 0, "\(runs)")
            let listed = try JSONValue(parsing: runs.stdout)
            #expect(listed[0]?["id"]?.stringValue == run.id.rawValue, "\(runs.stdout)")
            let shown = try await EaselProcess.run(
                ["show", run.id.rawValue, "--state-url", database.url], in: elsewhere.url)
            #expect(shown.status == 0, "\(shown)")
            #expect(shown.stdout.contains(run.id.rawValue))
            #expect(shown.stdout.contains("succeeded"))
            #expect(!FileManager.default.fileExists(atPath: elsewhere.path(".easel/journal.sqlite")))
        }
        await database.remove()
    }

    @Test func aRunKilledMidWayResumesFromAnotherFolderWithoutTheJob() async throws {
        let database = try SharedStateDatabase()
        let count = 300
        let folder = try KillAndResumeTests.makeJob(count: count, prefix: "RA")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.latency = .milliseconds(5)
        try await withSandbox(configuration) { sandbox in
            let (process, output) = try Self.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder, sandbox: sandbox, database: database)
            let store = try await database.open()
            defer { store.close() }
            // Kill once the run has confirmed something, so the kill lands in the middle of writing.
            var runID: RunID?
            for _ in 0..<1_000 where process.isRunning {
                if let run = try await store.latestRun(), try await store.summary(of: run.id)[.confirmed] > 10 {
                    runID = run.id
                    break
                }
                try await Task.sleep(for: .milliseconds(10))
            }
            let killedRun = try #require(runID, "the run confirmed nothing before it ended")
            #expect(process.isRunning, "the run ended before it could be killed; make it longer")
            kill(process.processIdentifier, SIGKILL)
            _ = await KillAndResumeTests.finish(process, output)
            let confirmedAtKill = try await store.summary(of: killedRun)[.confirmed]
            #expect(confirmedAtKill < 2 * count)

            // Another folder: no job file, no inputs, no .easel.
            let elsewhere = try TemporaryFolder()
            defer { try? FileManager.default.removeItem(at: elsewhere.url) }
            let (resumed, resumedOutput) = try Self.launch(
                ["resume", killedRun.rawValue], in: elsewhere.url, sandbox: sandbox, database: database)
            let result = await KillAndResumeTests.finish(resumed, resumedOutput)
            #expect(result.status == 0, "\(result.text)")
            #expect(result.text.contains("resuming from the job and inputs stored with run"), "\(result.text)")
            #expect(!FileManager.default.fileExists(atPath: elsewhere.path("job.yaml")))

            let (courses, sections) = try await KillAndResumeTests.objectCounts(prefix: "RA-", sandbox: sandbox)
            #expect(courses.count == count)
            #expect(courses.values.allSatisfy { $0 == 1 }, "duplicated: \(courses.filter { $0.value > 1 })")
            #expect(sections.count == count)
            #expect(sections.values.allSatisfy { $0 == 1 }, "duplicated: \(sections.filter { $0.value > 1 })")
            let summary = try await store.summary(of: killedRun)
            #expect(summary[.confirmed] == 2 * count, "\(summary)")
            #expect(try await store.run(killedRun)?.status == .succeeded)
        }
        await database.remove()
    }
}
