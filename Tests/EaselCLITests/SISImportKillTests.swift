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
        let rows = (1...users).map { "SK-\($0),Person \($0),sk.\($0)" }.joined(separator: "\n")
        try "sis_user_id,name,login\n\(rows)\n".write(
            to: folder.appendingPathComponent("users.csv"), atomically: true, encoding: .utf8)
        try """
        easel: 1
        name: sis-kill
        inputs: { users: { csv: users.csv } }
        steps:
          - id: users
            for_each: ${{ inputs.users }}
            ensure: user
            via: sis_import
            batch_size: \(users / batches)
            key: { sis_user_id: "${{ item.sis_user_id }}" }
            set: { name: "${{ item.name }}", login_id: "${{ item.login }}" }
        """.write(to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
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
}
