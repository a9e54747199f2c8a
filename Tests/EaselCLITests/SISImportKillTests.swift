import Canvas
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Journal
import Logging
import Sandbox
import Testing

/// `via: sis_import` under `kill -9`: killed during an upload and during polling, then resumed, the run makes one
/// import per batch and every user once.
@Suite(.serialized) struct SISImportKillTests {
    static let batches = 4

    static func makeJob(users: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "easel-sis-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SISUsersJob.csv(count: users, id: { "SK-\($0)" }, name: "Person", login: "sk").write(
            to: folder.appendingPathComponent("users.csv"), atomically: true, encoding: .utf8)
        try SISUsersJob.text(named: "sis-kill", batchSize: users / batches).write(
            to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The states the latest run's items are in now.
    static func states(in folder: URL) async throws -> [ItemState] {
        guard let run = try await KillAndResumeTests.latestRun(in: folder) else { return [] }
        let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
        return try await journal.items(run: run.id).map(\.state)
    }

    /// Launches the next command and kills it once the journal shows `state`.
    static func killWhen(_ state: ItemState, folder: URL, sandbox: RunningSandbox) async throws -> Bool {
        let process = try KillAndResumeTests.launch(
            try await KillAndResumeTests.nextCommand(in: folder), in: folder, sandbox: sandbox)
        for _ in 0..<1000 where process.isRunning {
            if try await states(in: folder).contains(state) { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        let killed = process.isRunning
        if killed { process.send(SIGKILL) }
        let ended = await KillAndResumeTests.finish(process)
        if !killed { Issue.record("the run ended before its journal showed \(state): \(ended.text)") }
        return killed
    }

    @Test func killedDuringUploadAndDuringPollingThenResumedImportsEachBatchOnce() async throws {
        let users = 40
        let folder = try Self.makeJob(users: users)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        // Each upload takes 300 ms and each import of ten rows 2.5 s, so that the journal shows an upload under way
        // and an import being polled long enough to be seen, however busy the machine is.
        configuration.latency = .milliseconds(300)
        configuration.sisRowsPerSecond = 4
        try await withSandbox(configuration) { sandbox in
            #expect(try await Self.killWhen(.intent, folder: folder, sandbox: sandbox), "killed during an upload")
            #expect(try await Self.killWhen(.answered, folder: folder, sandbox: sandbox), "killed while polling")
            var final = (status: Int32(-1), text: "")
            for _ in 0..<4 where final.status != 0 {
                let process = try KillAndResumeTests.launch(
                    try await KillAndResumeTests.nextCommand(in: folder), in: folder, sandbox: sandbox)
                final = await KillAndResumeTests.finish(process)
            }
            #expect(final.status == 0, "\(final.text)")

            let client = CanvasClientConfiguration(baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            try await withCanvasClient(client) { client in
                let imports = try await client.getAll(
                    .get("/api/v1/accounts/1/sis_imports"), unwrapping: "sis_imports", logger: logger)
                let rows = (imports.arrayValue ?? []).map { $0["data"]?["counts"]?["users"]?.intValue ?? 0 }
                #expect(rows.count == Self.batches, "one import per batch: \(rows)")
                #expect(rows.reduce(0, +) == users, "every row applied once: \(rows)")
                let listed = try await client.getAll(.get("/api/v1/accounts/1/users"), logger: logger)
                let sis = (listed.arrayValue ?? []).compactMap { $0["sis_user_id"]?.stringValue }
                    .filter { $0.hasPrefix("SK-") }
                #expect(sis.count == users && Set(sis).count == users, "every user once")
            }
            let summary = try await Self.states(in: folder)
            #expect(summary.count == users && summary.allSatisfy { $0 == .confirmed }, "\(summary)")
        }
    }

    static let usersRoute = "GET /api/v1/accounts/:account_id/users"

    /// A users step sent as one SIS import, and a later step enrolling each user by the Canvas id read back.
    static func makeReadBackJob(users: Int) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "easel-sis-readback-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SISUsersJob.csv(count: users, id: { "RK-\($0)" }, name: "Person", login: "rk").write(
            to: folder.appendingPathComponent("users.csv"), atomically: true, encoding: .utf8)
        let enrollments = """
              - id: enrollments
                for_each: ${{ steps.users.items }}
                ensure: enrollment
                in: sis_course_id:ENGL-102-2026FA
                key: { user_id: "${{ item.output.id }}", type: StudentEnrollment }
                set: { enrollment_state: active }

            """
        try SISUsersJob.text(named: "sis-readback-kill", laterSteps: enrollments).write(
            to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// GETs of the account's users listing the sandbox has counted.
    static func listingGets(_ sandbox: RunningSandbox) async throws -> Int {
        try await SandboxControl.stats(of: sandbox)["requests_by_route"]?[usersRoute]?.intValue ?? 0
    }

    @Test func killedDuringTheReadBackThenResumedReadsBackInPagesAndMakesEachObjectOnce() async throws {
        let users = 250
        let folder = try Self.makeReadBackJob(users: users)
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        // Each request takes 200 ms, so that the read-back's pages are still being read when the test sees the
        // first one asked for, however busy the machine is.
        configuration.latency = .milliseconds(200)
        configuration.sisRowsPerSecond = 500
        try await withSandbox(configuration) { sandbox in
            let process = try KillAndResumeTests.launch(
                try await KillAndResumeTests.nextCommand(in: folder), in: folder, sandbox: sandbox)
            // Once the import was answered, the plan's reads are over: a listing asked for after that is the
            // read-back.
            var planned: Int?
            for _ in 0..<4000 where process.isRunning {
                if let planned {
                    if try await Self.listingGets(sandbox) > planned { break }
                } else if try await Self.states(in: folder).contains(.answered) {
                    planned = try await Self.listingGets(sandbox)
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            let killed = process.isRunning
            if killed { process.send(SIGKILL) }
            let ended = await KillAndResumeTests.finish(process)
            try #require(killed, "the run ended before its read-back: \(ended.text)")
            let afterKill = try await Self.states(in: folder)
            #expect(afterKill.count == users, "only the users step had begun: \(afterKill.count) items")
            #expect(afterKill.allSatisfy { $0 == .answered }, "killed before any object was read back")
            let readBefore = try await Self.listingGets(sandbox)

            let resumed = try KillAndResumeTests.launch(
                try await KillAndResumeTests.nextCommand(in: folder), in: folder, sandbox: sandbox)
            let final = await KillAndResumeTests.finish(resumed)
            #expect(final.status == 0, "\(final.text)")
            let readBack = try await Self.listingGets(sandbox) - readBefore

            let client = CanvasClientConfiguration(baseURL: sandbox.baseURL, tokens: [CanvasToken(sandbox.token)])
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let listed = try await withCanvasClient(client) { client in
                let imports = try await client.getAll(
                    .get("/api/v1/accounts/1/sis_imports"), unwrapping: "sis_imports", logger: logger)
                #expect(imports.arrayValue?.count == 1, "the import was polled again, not sent again")
                let listed = try await client.getAll(.get("/api/v1/accounts/1/users"), logger: logger)
                let enrolled = try await client.getAll(
                    .get("/api/v1/courses/sis_course_id:ENGL-102-2026FA/enrollments"), logger: logger)
                return (users: listed.arrayValue ?? [], enrollments: enrolled.arrayValue ?? [])
            }
            // The resume read the users back through the listing: its pages, not one read per user.
            let pages = (listed.users.count + 99) / 100
            #expect(readBack >= 1 && readBack <= pages, "read back in \(readBack) GETs; the listing has \(pages) pages")

            var ids: [String: Int] = [:]
            for user in listed.users {
                guard let sis = user["sis_user_id"]?.stringValue, sis.hasPrefix("RK-") else { continue }
                #expect(ids[sis] == nil, "\(sis) twice")
                ids[sis] = user["id"]?.intValue
            }
            #expect(ids.count == users, "every user once")
            let enrolledIDs = listed.enrollments.compactMap { $0["user_id"]?.intValue }.filter {
                Set(ids.values).contains($0)
            }
            #expect(enrolledIDs.count == users && Set(enrolledIDs).count == users, "every user enrolled once")

            guard let run = try await KillAndResumeTests.latestRun(in: folder) else {
                Issue.record("no run")
                return
            }
            let journal = try SQLiteJournalStore(path: folder.appendingPathComponent(".easel/journal.sqlite").path)
            let items = try await journal.items(run: run.id, step: "users")
            #expect(items.count == users && items.allSatisfy { $0.state == .confirmed })
            for item in items {
                let sis = try #require(item.outputs?["sis_user_id"]?.stringValue)
                #expect(item.outputs?["id"]?.intValue == ids[sis], "\(sis): its output is its Canvas object")
            }
        }
    }
}
