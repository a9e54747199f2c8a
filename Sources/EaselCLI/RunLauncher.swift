import ArgumentParser
import Canvas
import Diagnostics
import Execution
import Foundation
import JSONValues
import JobSpec
import Journal
import Logging
import OrderedCollections
import PlanModel
import Session

/// What `apply` and `resume` share in the shell: the run session they build, with the terminal's prompt, progress
/// display and Ctrl-C handling, and the report a run ends with and the status it exits with.
struct RunLauncher {
    let output: TerminalOutput
    let format: OutputFormat
    /// The options the report's `easel resume` command carries (`--env`, `--base-url`, `--state-dir`…).
    var resumeArguments: [String] = []

    /// A session whose journal is the one `state` chooses (or, with `inMemory`, one kept in memory only, for
    /// measuring what journaling costs; such a run cannot be resumed and takes no job lock).
    func session(state: StateDirectoryOptions, lock: JobLockOptions, inMemory: Bool = false) async throws
        -> RunSession
    {
        let journal: any JournalStore = inMemory ? InMemoryJournalStore() : try await SharedState.openJournal(state)
        var session = try RunSession(
            stateDirectory: state.stateDirectory, journal: journal, output: output,
            prompt: TerminalPrompt(output: output))
        session.printsText = format == .text
        session.easelVersion = EaselVersion.current
        session.logger = { EaselLog.logger($0) }
        session.planStyle = PlanStyle.forStandardOutput
        session.jobLocking = inMemory ? nil : try lock.locking(state)
        session.lockTimeout = lock.timeout
        session.resumeArguments = resumeArguments
        return session
    }

    /// `session` watched on this terminal while it runs on `canvas`: a progress display, Ctrl-C a stop.
    func watching(_ session: RunSession, on canvas: CanvasSession) -> RunSession {
        var watched = session
        watched.watcher = TerminalRunWatcher(client: canvas.client, output: output, showsProgress: format == .text)
        return watched
    }

    /// The value of `body`, a session's stop turned into the exit status it chose.
    func exitingOnStop<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let stop as SessionStop {
            throw stop.status.code
        }
    }

    /// Reports how the run ended and throws the exit code (1 failed, 130 interrupted) when it did not succeed.
    func finish(_ outcome: RunOutcome, on canvas: CanvasSession, stateDirectory: StateDirectory) throws {
        let resultsURL = stateDirectory.resultsURL(outcome.runID)
        report(outcome, on: canvas.environment, resultsPath: Self.relativeToCurrentDirectory(resultsURL.path))
        switch outcome.status {
        case .succeeded: return
        case .interrupted: throw ExitStatus.interrupted.code
        default: throw Self.exitCode(outcome)
        }
    }

    private func report(_ outcome: RunOutcome, on environment: PlanEnvironment, resultsPath: String) {
        switch format {
        case .json:
            output.printOut(
                Self.json(outcome, on: environment, resumeArguments: resumeArguments).serialized(
                    options: [.prettyPrinted]))
        case .text:
            output.printOut(text(outcome, resultsPath: resultsPath), terminator: "")
        }
    }

    private func text(_ outcome: RunOutcome, resultsPath: String) -> String {
        let formatting = RunFormatting(colored: TerminalOutput.stdoutIsTerminal)
        var lines: [String] = []
        for step in outcome.summary.steps {
            lines.append("  \(step.stepID): \(formatting.outcomes(step.outcomes, pending: step.pending))")
        }
        for (step, reason) in outcome.stepFailures.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(step): \(reason)")
        }
        let refused = outcome.refused
        if !refused.isEmpty {
            lines.append("Refused \(refused.count) item(s) whose live object changed since the plan:")
            for item in refused.prefix(20) { lines.append("  \(item.stepID) \(item.itemKey)") }
        }
        var problems = outcome.problems.filter { $0.state != .refused }
        if let runFailure = outcome.runFailure {
            let (line, itemProblems) = Self.runFailureLine(runFailure, of: outcome, problems: problems)
            lines.append(line)
            problems = itemProblems
        }
        if !problems.isEmpty {
            lines.append("Problems (\(problems.count)):")
            for item in problems.prefix(20) {
                lines.append(
                    "  \(item.stepID) \(item.itemKey): \(item.state): \(item.errorMessage ?? "no answer journaled")")
            }
            if problems.count > 20 { lines.append("  … and \(problems.count - 20) more in \(resultsPath)") }
        }
        lines.append(
            "\(Self.summaryWord(outcome.status, stoppedEarly: outcome.stoppedEarly)): "
                + formatting.outcomes(outcome.summary.outcomeTotals, pending: outcome.summary.pending))
        lines.append("Run \(outcome.runID) \(formatting.status(outcome.status)). Results: \(resultsPath)")
        if outcome.status != .succeeded {
            lines.append("Resume it with: \(ResumeCommandLine.text(outcome.runID, arguments: resumeArguments))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How the summary's total line starts: `Apply complete`; `Apply finished with failures` when every item was
    /// tried and some failed (`on_error: continue`); otherwise why it is not complete.
    static func summaryWord(_ status: RunStatus, stoppedEarly: Bool) -> String {
        switch status {
        case .succeeded: "Apply complete"
        case .interrupted: "Apply interrupted"
        case .failed where !stoppedEarly: "Apply finished with failures"
        case .failed, .running: "Apply stopped"
        }
    }

    /// `path` relative to the current directory when it is inside it.
    static func relativeToCurrentDirectory(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }

    /// The JSON summary `apply` and `resume` end with, naming the environment and host they talked to.
    static func json(_ outcome: RunOutcome, on environment: PlanEnvironment, resumeArguments: [String] = [])
        -> JSONValue
    {
        var steps = OrderedDictionary<String, JSONValue>()
        for step in outcome.summary.steps { steps[step.stepID] = RunFormatting.json(step.counts) }
        return [
            "run_id": .string(outcome.runID.rawValue),
            "environment": .string(environment.name), "host": .string(environment.host),
            "production": .bool(environment.isProduction),
            "status": .string(outcome.status.rawValue),
            "resume_command": outcome.status == .succeeded
                ? .null : .string(ResumeCommandLine.text(outcome.runID, arguments: resumeArguments)),
            "steps": .object(steps),
            "outcomes": RunFormatting.json(outcome.summary.outcomeTotals),
            "step_outcomes": .object(
                OrderedDictionary(
                    uniqueKeysWithValues: outcome.summary.steps.map { ($0.stepID, RunFormatting.json($0.outcomes)) })),
            "run_failure": outcome.runFailure.map { .string($0.description) } ?? .null,
            "step_failures": .object(
                OrderedDictionary(
                    uniqueKeysWithValues: outcome.stepFailures.sorted { $0.key < $1.key }.map {
                        ($0.key, JSONValue.string($0.value))
                    })),
            "problems": .array(
                outcome.problems.map {
                    [
                        "step": .string($0.stepID), "item_key": .string($0.itemKey),
                        "state": .string($0.state.rawValue),
                        "error": $0.errorMessage.map(JSONValue.string) ?? .null,
                    ]
                }),
        ]
    }
}
