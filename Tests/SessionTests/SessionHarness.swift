import Canvas
import Diagnostics
import EaselTestSupport
import Execution
import Foundation
import JSONValues
import Journal
import Logging
import PlanModel
import Sandbox
import Session
import Synchronization

/// The apply harness's sandbox, client, state folder and journal, and run sessions over them whose output, prompt
/// and clock the test holds.
struct SessionHarness: Sendable {
    let sandbox: RunningSandbox
    let client: CanvasClient
    let folder: URL
    let stateDirectory: StateDirectory
    let journal: SQLiteJournalStore
    let output = RecordingOutput()
    static let logger = ApplyHarness.logger
    /// The time every run the harness begins is stamped with.
    static let startedAt = Date(timeIntervalSince1970: 1_800_000_000)

    /// Runs `body` with a fresh sandbox and state folder, removed afterwards.
    static func run<T: Sendable>(_ body: @Sendable (SessionHarness) async throws -> T) async throws -> T {
        try await ApplyHarness.run { harness in
            try await body(
                SessionHarness(
                    sandbox: harness.sandbox, client: harness.client, folder: harness.folder,
                    stateDirectory: harness.stateDirectory, journal: harness.journal))
        }
    }

    /// The sandbox as a Canvas named `host`, production or not.
    func canvas(production: Bool = false, host: String = "canvas.test") -> CanvasSession {
        CanvasSession(
            client: client, environment: PlanEnvironment(name: "test", host: host, isProduction: production))
    }

    /// A session on the harness's journal, asking `prompt`, watched by `watcher`.
    func session(prompt: ScriptedPrompt = ScriptedPrompt(), watcher: any RunWatcher = UnwatchedRun()) throws
        -> RunSession
    {
        var session = try RunSession(
            stateDirectory: stateDirectory, journal: journal, output: output, prompt: prompt)
        session.clock = SessionClock(now: { Self.startedAt })
        session.logger = { _ in Self.logger }
        session.watcher = watcher
        session.jobLocking = SQLiteJobLocking(path: stateDirectory.journalPath)
        return session
    }

    /// Writes `text` as a job file (and `files` beside it) and returns its path.
    func writeJob(_ text: String, files: [String: String] = [:], name: String = "job.yaml") throws -> String {
        for (file, contents) in files {
            try contents.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The job, loaded as `apply` loads it.
    func request(_ path: String) throws -> ApplyRequest {
        try RunSession.prepareApply(path, variableOverrides: { [] }, output: output)
    }

    /// The courses of account ENG whose SIS id starts with `prefix`, by SIS id.
    func courses(prefix: String) async throws -> [String: String] {
        let listed = try await client.getAll(
            CanvasRequest(.get, "/api/v1/accounts/sis_account_id:ENG/courses", query: ["per_page": 100]),
            logger: Self.logger)
        var names: [String: String] = [:]
        for course in listed.arrayValue ?? [] {
            guard let sisID = course["sis_course_id"]?.stringValue, sisID.hasPrefix(prefix) else { continue }
            names[sisID] = course["name"]?.stringValue
        }
        return names
    }

    /// Course shells from a CSV of `count` rows.
    static func coursesJob(count: Int, prefix: String) -> (job: String, csv: String) {
        let job = """
            easel: 1
            name: shells-\(prefix)
            inputs: { courses: { csv: courses-\(prefix).csv } }
            steps:
              - id: shells
                for_each: ${{ inputs.courses }}
                ensure: course
                in: "sis_account_id:ENG"
                key: { sis_course_id: "${{ item.sis_course_id }}" }
                set: { name: "${{ item.title }}" }
            """
        let csv =
            "sis_course_id,title\n"
            + (1...count).map { "\(prefix)-\($0),Course \(prefix) \($0)" }.joined(separator: "\n")
            + "\n"
        return (job, csv)
    }
}

/// What a session printed, kept in order.
final class RecordingOutput: SessionOutput {
    private let lines = Mutex<(out: [String], errors: [String])>(([], []))

    func printOut(_ text: String, terminator: String) { lines.withLock { $0.out.append(text + terminator) } }
    func printError(_ text: String, terminator: String) { lines.withLock { $0.errors.append(text + terminator) } }
    func printDiagnostics(_ diagnostics: [Diagnostic]) {
        lines.withLock { $0.errors += diagnostics.map { "\($0.message)\n" } }
    }

    /// Standard output so far.
    var out: String { lines.withLock { $0.out.joined() } }
    /// Standard error so far.
    var errors: String { lines.withLock { $0.errors.joined() } }
}

/// A prompt that answers from a script and keeps the questions it was asked.
final class ScriptedPrompt: ApprovalPrompt {
    let canAsk: Bool
    private let state: Mutex<(answers: [String], questions: [String])>

    init(canAsk: Bool = true, answers: [String] = []) {
        self.canAsk = canAsk
        state = Mutex((answers, []))
    }

    func ask(_ question: String) -> String? {
        state.withLock { state in
            state.questions.append(question)
            return state.answers.isEmpty ? nil : state.answers.removeFirst()
        }
    }

    /// The questions asked so far.
    var questions: [String] { state.withLock { $0.questions } }
}

/// A watcher that asks the run to stop as soon as its executor starts, as a Ctrl-C at that moment would.
struct InterruptingWatcher: RunWatcher {
    func executorStarted(progress: RunProgress, stop: StopSignal) { stop.request(.interrupted) }
    func executorEnded() async {}
    func runFinished() {}
}
