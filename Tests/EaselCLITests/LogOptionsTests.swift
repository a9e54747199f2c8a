import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

/// `--log-level` and `--log-file`: the decisions an operator wants when something went wrong, never a token.
@Suite struct LogOptionsTests {
    /// Twenty reads against a sandbox that answers about one request in three with 503, so that the client retries.
    static func withFlakySandbox(_ body: @Sendable (RunningSandbox, URL) async throws -> Void) async throws {
        let rows = (1...20).map { "\($0)" }.joined(separator: "\n")
        let job = """
            easel: 1
            name: log-reads
            inputs: { rows: { csv: rows.csv } }
            # Enough attempts that no read gives up, however the faults fall.
            defaults: { retry: { attempts: 12, backoff: 10ms } }
            steps:
              - id: account
                for_each: ${{ inputs.rows }}
                get: /api/v1/accounts/self

            """
        let folder = try ApplyGuardTests.folder(job: job, files: ["rows.csv": "row\n\(rows)\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SandboxConfiguration()
        configuration.seed = .empty
        configuration.faults = try SandboxFaults(parsing: "503=0.3")
        try await withSandbox(configuration) { sandbox in try await body(sandbox, folder) }
    }

    @Test func aLogFileHoldsTheRetriesAsJSONLinesWithoutTheToken() async throws {
        try await Self.withFlakySandbox { sandbox, folder in
            let log = folder.appendingPathComponent("easel.log")
            let (status, text) = try await ApplyGuardTests.easel(
                ["plan", "job.yaml", "--log-file", log.path], in: folder, sandbox: sandbox)
            #expect(status == 0, "\(text)")
            #expect(!text.contains("easel info:"), "a log file takes the lines off standard error: \(text)")
            let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
            let records = try lines.map { try JSONValue(parsing: String($0)) }
            #expect(records.contains { $0["message"]?.stringValue == "a server error" })
            #expect(records.contains { $0["message"]?.stringValue == "sending again" })
            for record in records {
                #expect(record["level"]?.stringValue != nil && record["time"]?.stringValue != nil)
                #expect(record["label"]?.stringValue?.hasPrefix("easel.") == true)
            }
            let raw = try String(contentsOf: log, encoding: .utf8)
            #expect(!raw.contains(sandbox.token))
            let attributes = try FileManager.default.attributesOfItem(atPath: log.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
        }
    }

    @Test func aLevelAloneWritesReadableLinesToStandardErrorAndNoOptionWritesNone() async throws {
        try await Self.withFlakySandbox { sandbox, folder in
            let quiet = try await EaselProcess.run(
                ["plan", "job.yaml", "--base-url", sandbox.baseURL], in: folder,
                environment: ["CANVAS_TOKEN": sandbox.token])
            #expect(quiet.status == 0, "\(quiet)")
            #expect(!quiet.stderr.contains("easel info:"))
            let logged = try await EaselProcess.run(
                ["plan", "job.yaml", "--base-url", sandbox.baseURL, "--log-level", "info"], in: folder,
                environment: ["CANVAS_TOKEN": sandbox.token])
            #expect(logged.status == 0, "\(logged)")
            #expect(logged.stderr.contains("easel info: a server error"), "\(logged.stderr)")
            #expect(!logged.stderr.contains(sandbox.token))
            #expect(!logged.stdout.contains("easel info:"), "the plan on standard output stays as it was")
        }
    }

    @Test func anUnknownLevelIsAUsageError() async throws {
        let folder = FileManager.default.temporaryDirectory
        let result = try await EaselProcess.run(["validate", "nothing.yaml", "--log-level", "loud"], in: folder)
        #expect(result.status == 64, "\(result)")
        #expect(result.stderr.contains("debug"), "\(result.stderr)")
    }
}
