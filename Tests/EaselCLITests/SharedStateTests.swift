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
    ) throws -> ChildProcess {
        try KillAndResumeTests.launch(arguments + ["--state-url", database.url], in: folder, sandbox: sandbox)
    }

    @Test func applyJournalsToPostgreSQLAndRunsAndShowReadIt() async throws {
        let database = try SharedStateDatabase()
        let folder = try TemporaryFolder(CLIJobs.courses(rows: 5, prefix: "PG"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let process = try Self.launch(
                ["apply", "job.yaml", "--auto-approve"], in: folder.url, sandbox: sandbox, database: database)
            let applied = await KillAndResumeTests.finish(process)
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
            #expect(listed[0]?["user"]?.stringValue == RunOrigin.current.user, "\(runs.stdout)")
            #expect(listed[0]?["host"]?.stringValue == RunOrigin.current.host, "\(runs.stdout)")
            let table = try await EaselProcess.run(["runs", "--state-url", database.url], in: elsewhere.url)
            #expect(table.stdout.contains("USER") && table.stdout.contains(RunOrigin.current.user), "\(table)")
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
            let process = try Self.launch(
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
            process.send(SIGKILL)
            _ = await KillAndResumeTests.finish(process)
            let confirmedAtKill = try await store.summary(of: killedRun)[.confirmed]
            #expect(confirmedAtKill < 2 * count)

            // Another folder: no job file, no inputs, no .easel.
            let elsewhere = try TemporaryFolder()
            defer { try? FileManager.default.removeItem(at: elsewhere.url) }
            let resumed = try Self.launch(
                ["resume", killedRun.rawValue], in: elsewhere.url, sandbox: sandbox, database: database)
            let result = await KillAndResumeTests.finish(resumed)
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

    @Test func runsFilteredByEnvironmentListTheRunsOfThatEnvironmentOrHost() async throws {
        let database = try SharedStateDatabase()
        let folder = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "EV"))
        let configuration = try TemporaryFolder()
        defer {
            folder.remove()
            configuration.remove()
        }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            try configuration.write(
                "easel/environments.json",
                #"{"environments": {"staging": {"base_url": "\#(sandbox.baseURL)", "token_env": "STAGING_TOKEN", "#
                    + #""production": false}}}"#)
            try FileManager.default.setAttributes(
                [.posixPermissions: NSNumber(value: Int16(0o600))],
                ofItemAtPath: configuration.path("easel/environments.json"))
            let environment = [
                "XDG_CONFIG_HOME": configuration.url.path, "STAGING_TOKEN": sandbox.token,
                "CANVAS_TOKEN": sandbox.token,
            ]
            let state = ["--state-url", database.url]
            // One run through the environment, one straight to the same host.
            let named = try await EaselProcess.run(
                ["apply", "job.yaml", "--auto-approve", "--env", "staging"] + state, in: folder.url,
                environment: environment)
            #expect(named.status == 0, "\(named)")
            let direct = try await EaselProcess.run(
                ["apply", "job.yaml", "--auto-approve", "--base-url", sandbox.baseURL] + state, in: folder.url,
                environment: environment)
            #expect(direct.status == 0, "\(direct)")
            let store = try await database.open()
            defer { store.close() }
            let runs = try await store.runs(limit: 10)
            #expect(runs.count == 2)
            let stagingRun = try #require(runs.first { $0.environmentName == "staging" })

            func listed(_ env: String) async throws -> [String] {
                let result = try await EaselProcess.run(
                    ["runs", "--format", "json", "--env", env] + state, in: folder.url)
                #expect(result.status == 0, "\(result)")
                return (try JSONValue(parsing: result.stdout).arrayValue ?? []).compactMap { $0["id"]?.stringValue }
            }
            #expect(try await listed("staging") == [stagingRun.id.rawValue])
            let host = "127.0.0.1:\(sandbox.port)"
            #expect(Set(try await listed(host)) == Set(runs.map(\.id.rawValue)), "the host matches both runs")
            #expect(try await listed("production").isEmpty)
        }
        await database.remove()
    }

    @Test func stateCopyMovesALocalHistoryToTheDatabaseAndRunsFiltersIt() async throws {
        let database = try SharedStateDatabase()
        let folder = try TemporaryFolder(CLIJobs.courses(rows: 3, prefix: "CP"))
        defer { try? FileManager.default.removeItem(at: folder.url) }
        let failing = CLIJobs.coursesSectionsAndAFailure(prefix: "CP")
        try folder.write("broken.yaml", try #require(failing["job.yaml"]))
        try await withSandbox(SandboxConfiguration()) { sandbox in
            for (job, expected) in [("job.yaml", Int32(0)), ("broken.yaml", Int32(1))] {
                let process = try KillAndResumeTests.launch(
                    ["apply", job, "--auto-approve"], in: folder.url, sandbox: sandbox)
                let result = await KillAndResumeTests.finish(process)
                #expect(result.status == expected, "\(result.text)")
            }
        }
        let migrated = try await EaselProcess.run(["state", "migrate", "--state-url", database.url], in: folder.url)
        #expect(migrated.status == 0, "\(migrated)")
        #expect(migrated.stdout.contains("schema version 4"), "\(migrated)")

        let copy = ["state", "copy", "--from", folder.path(".easel"), "--to", database.url]
        let copied = try await EaselProcess.run(copy, in: folder.url)
        #expect(copied.status == 0, "\(copied)")
        #expect(copied.stdout.contains("Copied 2 run(s)"), "\(copied)")
        let again = try await EaselProcess.run(copy, in: folder.url)
        #expect(again.stdout.contains("Copied 0 run(s)") && again.stdout.contains("2 were there already"), "\(again)")

        let local = try await EaselProcess.run(["runs", "--format", "json"], in: folder.url)
        let shared = try await EaselProcess.run(
            ["runs", "--format", "json", "--state-url", database.url], in: folder.url)
        let localRuns = try JSONValue(parsing: local.stdout).arrayValue ?? []
        let sharedRuns = try JSONValue(parsing: shared.stdout).arrayValue ?? []
        #expect(sharedRuns.map { $0["id"] } == localRuns.map { $0["id"] })
        #expect(sharedRuns.map { $0["counts"] } == localRuns.map { $0["counts"] })
        // Two runs begun in the same second list in the order of their ids' random suffixes: compare as sets.
        #expect(Set(sharedRuns.compactMap { $0["status"]?.stringValue }) == ["failed", "succeeded"])

        func listed(_ filters: [String]) async throws -> [String] {
            let result = try await EaselProcess.run(
                ["runs", "--format", "json", "--state-url", database.url] + filters, in: folder.url)
            #expect(result.status == 0, "\(result)")
            return (try JSONValue(parsing: result.stdout).arrayValue ?? []).compactMap { $0["job"]?.stringValue }
        }
        #expect(try await listed(["--status", "failed"]) == ["broken.yaml"])
        #expect(try await listed(["--job", "job"]) == ["job.yaml"])
        #expect(Set(try await listed(["--since", "1d"])) == ["broken.yaml", "job.yaml"])
        #expect(try await listed(["--since", "2099-01-01"]).isEmpty)
        #expect(try await listed(["--env", "nowhere"]).isEmpty)
        let refused = try await EaselProcess.run(["runs", "--status", "sideways"], in: folder.url)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--status must be one of"))
        await database.remove()
    }
}
