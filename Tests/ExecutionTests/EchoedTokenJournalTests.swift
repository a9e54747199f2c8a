import Canvas
import EaselTestSupport
import Execution
import Foundation
import HTTPTypes
import Hummingbird
import JSONValues
import JobSpec
import Journal
import Logging
import NIOCore
import Testing

/// A token that Canvas echoes in an error body stops at the client: the journal's items, the SQLite file itself
/// and the run's results.csv never hold it, while the rest of the error does reach them.
@Suite struct EchoedTokenJournalTests {
    /// A server that answers every write with an error quoting the `Authorization` header it got: a validation
    /// error as Canvas words it, a plain-text 500 and a 404.
    static func echoingRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/api/v1/courses/1/sections") { request, _ in
            let sent = request.headers[.authorization] ?? ""
            return respond(
                .badRequest,
                #"{"errors": {"name": [{"message": "the header was \#(sent)", "type": "invalid"}]}}"#)
        }
        router.put("/api/v1/courses/1") { request, _ in
            respond(.internalServerError, "upstream failed for \(request.headers[.authorization] ?? "")")
        }
        router.delete("/api/v1/courses/2") { request, _ in
            respond(.notFound, #"{"errors": [{"message": "no course for \#(request.headers[.authorization] ?? "")"}]}"#)
        }
        return router
    }

    static func respond(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static let job = """
        easel: 1
        name: echoes
        defaults: { on_error: continue }
        steps:
          - id: create
            request: POST /api/v1/courses/1/sections
            body: { course_section: { name: Echo } }
          - id: rename
            request: PUT /api/v1/courses/1
            body: { course: { name: Echo } }
          - id: remove
            request: DELETE /api/v1/courses/2

        """

    @Test func theJournalAndTheResultsFileNeverHoldAnEchoedToken() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-echo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let jobPath = folder.appendingPathComponent("job.yaml").path
        try Self.job.write(toFile: jobPath, atomically: true, encoding: .utf8)
        let graph = try StepGraph.load(path: jobPath)
        let token = "echo-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let journalPath = folder.appendingPathComponent("journal.sqlite").path
        let resultsURL = folder.appendingPathComponent("runs/results.csv")
        let run = RunID.generate()

        try await Self.serve(Self.echoingRouter()) { port in
            let journal = try SQLiteJournalStore(path: journalPath)
            let configuration = CanvasClientConfiguration(
                baseURL: "http://127.0.0.1:\(port)", tokens: [CanvasToken(token)], retry: .none)
            try await withCanvasClient(configuration) { client in
                try await journal.beginRun(
                    RunRecord(
                        id: run, jobPath: "job.yaml", jobHash: "", environmentName: "echo", environmentHost: "h",
                        isProduction: false, startedAt: Date()))
                let outcome = try await Executor(
                    graph: graph, client: client, journal: journal, runID: run, options: Executor.Options(),
                    logger: ApplyHarness.logger
                ).run()
                let messages = outcome.stepFailures.values + outcome.problems.compactMap(\.errorMessage)
                for message in messages { #expect(!message.contains(token), "leaked in: \(message)") }

                let items = try await journal.items(run: run)
                #expect(items.count == 3, "\(items)")
                for item in items {
                    #expect(item.state != .confirmed, "\(item)")
                    let message = item.errorMessage ?? ""
                    #expect(!message.contains(token), "leaked in the journal: \(message)")
                    #expect(!"\(item.outputs ?? .null)".contains(token), "leaked in outputs: \(item)")
                }
                let create = try #require(items.first { $0.stepID == "create" })
                #expect(create.errorMessage?.contains("the header was Bearer [redacted]") == true, "\(create)")
                try await ResultsFile.write(run: run, from: journal, to: resultsURL)
            }
        }

        let results = try String(contentsOf: resultsURL, encoding: .utf8)
        #expect(results.contains("Bearer [redacted]"), "\(results)")
        #expect(!results.contains(token), "leaked in results.csv:\n\(results)")
        // The database's own bytes, its write-ahead log included: no column, index or page left behind holds it.
        let database = ["", "-wal"].compactMap { FileManager.default.contents(atPath: journalPath + $0) }
        #expect(database.contains { $0.range(of: Data("Bearer [redacted]".utf8)) != nil })
        for bytes in database { #expect(bytes.range(of: Data(token.utf8)) == nil, "the journal's file holds it") }
    }

    /// Serves `router` on a free loopback port while `body` runs.
    static func serve(_ router: Router<BasicRequestContext>, _ body: @escaping @Sendable (Int) async throws -> Void)
        async throws
    {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "easel.execution.tests.server", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService(gracefulShutdownSignals: []) }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { return }
            defer { group.cancelAll() }
            try await body(port)
        }
    }
}
