import ArgumentParser
import Canvas
import Diagnostics
import EaselTestSupport
import Execution
import Foundation
import RunContext
import Sandbox
import Session
import Testing

@testable import EaselCLI

/// One table of exit statuses for every command: a script tells "fix the job" from "Canvas is down" from "the
/// token is wrong" by the status alone.
@Suite struct ExitStatusTests {
    static let job = """
        easel: 1
        name: statuses
        defaults: { retry: { attempts: 1 } }
        steps:
          - id: account
            get: /api/v1/accounts/self

        """

    static func folder() throws -> URL {
        try ApplyGuardTests.folder(job: job, files: [:])
    }

    @Test func aHostWithNothingListeningExits69AndNamesTheHost() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A port bound and never listened on: the connection is refused.
        let refusing = try RefusingPort()
        let port = refusing.port
        let result = try await EaselProcess.run(
            ["plan", "job.yaml", "--base-url", "http://127.0.0.1:\(port)"], in: folder,
            environment: ["CANVAS_TOKEN": randomCanvasToken()])
        #expect(result.status == 69, "\(result)")
        #expect(result.stderr.contains("127.0.0.1:\(port)"), "\(result.stderr)")
    }

    @Test func aTokenCanvasRefusesExits77WithoutShowingIt() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let wrong = randomCanvasToken()
            let result = try await EaselProcess.run(
                ["plan", "job.yaml", "--base-url", sandbox.baseURL], in: folder, environment: ["CANVAS_TOKEN": wrong])
            #expect(result.status == 77, "\(result)")
            #expect(!result.stderr.contains(wrong) && !result.stdout.contains(wrong))
        }
    }

    @Test func usageInvalidJobAndChangesHaveTheirOwnStatuses() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let usage = try await EaselProcess.run(["plan", "job.yaml", "--no-such-flag"], in: folder)
        #expect(usage.status == 64, "\(usage)")
        try "easel: 1\nname: broken\nsteps: 3\n".write(
            to: folder.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let invalid = try await EaselProcess.run(["validate", "broken.yaml"], in: folder)
        #expect(invalid.status == 65, "\(invalid)")
        try await withSandbox(SandboxConfiguration()) { sandbox in
            let files = CLIJobs.courses(rows: 1, prefix: "EXIT")
            for (name, text) in files {
                try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            let changes = try await EaselProcess.run(
                ["plan", "job.yaml", "--base-url", sandbox.baseURL, "--detailed-exitcode"], in: folder,
                environment: ["CANVAS_TOKEN": sandbox.token])
            #expect(changes.status == 2, "\(changes)")
        }
    }

    /// An error none of Easel's own kinds, as a fault in a library or in Easel would throw.
    private struct UnforeseenFault: Error, CustomStringConvertible {
        var description: String { "index 3 out of range" }
    }

    @Test func anUnexpectedErrorIsAnInternalErrorThatExits70AndAsksToBeReported() {
        let status = ExitStatus(reaching: UnforeseenFault())
        #expect(status == .internalError)
        #expect(status.rawValue == 70)
        let message = ExitStatus.message(reaching: UnforeseenFault())
        #expect(message.hasPrefix("error: internal error: index 3 out of range\n"), "\(message)")
        #expect(message.contains("please report it"), "\(message)")
    }

    @Test func theErrorsEaselExpectsKeepTheirOwnStatuses() {
        #expect(ExitStatus(reaching: CanvasError(.network("could not connect"))) == .canvasUnreachable)
        #expect(ExitStatus(reaching: CanvasError(.invalidToken(""), status: 401)) == .notPermitted)
        #expect(ExitStatus(reaching: CanvasError(.notPermitted(""), status: 403)) == .notPermitted)
        #expect(ExitStatus(reaching: CanvasError(.configuration("no token"))) == .usage)
        #expect(ExitStatus(reaching: PlanningError(.planFileUnreadable(path: "plan.json"))) == .failed)
        #expect(ExitStatus(reaching: DiagnosticsError([])) == .invalidJob)
        // A command-line error is ArgumentParser's to report, before ExitStatus is asked.
        #expect(
            Easel.exitCode(for: ValidationError("--limit must be at least 1")).rawValue == ExitStatus.usage.rawValue)
        #expect(ExitStatus(reaching: JournalError.unknownRun(RunID(rawValue: "x"))) == .failed)
        #expect(ExitStatus(reaching: CancellationError()) == .interrupted)
        #expect(ExitStatus(reaching: CocoaError(.fileNoSuchFile)) == .failed)
        #expect(
            ExitStatus.message(reaching: PlanningError(.planFileUnreadable(path: "plan.json")))
                == "error: cannot read the plan file plan.json")
    }

    @Test func theReadmeDocumentsEveryStatus() throws {
        let readme = try String(
            contentsOf: EaselProcess.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        for status in [0, 1, 2, 64, 65, 69, 70, 75, 77, 130] {
            #expect(readme.contains("| \(status) |"), "README's exit status table lacks \(status)")
        }
    }
}
