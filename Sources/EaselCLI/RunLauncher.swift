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
import Planning
import Synchronization

/// What `apply` and `resume` share: running the executor with a progress display and Ctrl-C handling, then
/// journaling the end of the run, writing its results file and printing its summary.
struct RunLauncher {
    let stateDirectory: StateDirectory
    let journal: any JournalStore
    let output: TerminalOutput
    let format: OutputFormat
    /// The options the report's `easel resume` command carries (`--env`, `--base-url`, `--state-dir`…).
    var resumeArguments: [String] = []
    /// The run's lock in the journal, while this process applies it.
    private let lease = LeaseSlot()

    /// Opens the journal of the state folder, or with `inMemory` keeps one in memory only (for measuring what
    /// journaling costs; such a run cannot be resumed).
    init(stateDirectory: StateDirectory, format: OutputFormat, output: TerminalOutput, inMemory: Bool = false) throws {
        try stateDirectory.create()
        self.stateDirectory = stateDirectory
        self.journal = inMemory ? InMemoryJournalStore() : try SQLiteJournalStore(stateDirectory: stateDirectory)
        self.output = output
        self.format = format
    }

    /// A launcher that journals to `journal`.
    init(stateDirectory: StateDirectory, journal: any JournalStore, format: OutputFormat, output: TerminalOutput) throws
    {
        try FileManager.default.createDirectory(at: stateDirectory.url, withIntermediateDirectories: true)
        self.stateDirectory = stateDirectory
        self.journal = journal
        self.output = output
        self.format = format
    }

    /// Journals a new run and keeps, in its folder, the job's text and input hashes (so resume can say what
    /// changed) and this process's id (so resume can tell a run still going from one that was killed).
    func beginRun(_ runID: RunID, graph: StepGraph, jobPath: String, environment: PlanEnvironment) async throws {
        let folder = try stateDirectory.createRunFolder(runID)
        let spec = graph.spec
        try spec.source.text.write(to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        let inputs = try JobFingerprint.inputHashes(of: spec)
        let fingerprint: JSONValue = [
            "inputs": .object(
                OrderedDictionary(
                    uniqueKeysWithValues: inputs.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
                ))
        ]
        try fingerprint.serialized().write(
            to: folder.appendingPathComponent("fingerprint.json"), atomically: true, encoding: .utf8)
        RunManifest(jobName: spec.name, steps: graph.order, planned: [:]).write(runID, in: stateDirectory)
        try await journal.beginRun(
            RunRecord(
                id: runID, jobPath: jobPath, jobHash: try JobFingerprint.hash(of: spec),
                variables: OrderedDictionary(uniqueKeysWithValues: spec.vars.map { ($0.key, $0.value.value) }),
                environmentName: environment.name, environmentHost: environment.host,
                isProduction: environment.isProduction, startedAt: Date()))
        try await lock(runID)
        try await StoredRunFiles.store(spec, jobPath: jobPath, run: runID, in: journal)
        markRunning(runID)
    }

    /// Takes the run's lock in the journal, which a second `apply` or `resume` of the run is refused.
    func lock(_ runID: RunID) async throws {
        lease.set(try await RunLease.take(runID, in: journal))
    }

    /// Writes this process's id into the run's folder.
    func markRunning(_ runID: RunID) {
        let path = stateDirectory.runFolder(runID).appendingPathComponent("pid")
        try? String(ProcessInfo.processInfo.processIdentifier).write(to: path, atomically: true, encoding: .utf8)
    }

    /// The id of a live process that is running `runID`, if there is one.
    func liveProcess(running runID: RunID) -> Int32? {
        Self.liveProcess(running: runID, in: stateDirectory)
    }

    /// The id of a live process other than this one that is running `runID` in `stateDirectory`, if any.
    static func liveProcess(running runID: RunID, in stateDirectory: StateDirectory) -> Int32? {
        let path = stateDirectory.runFolder(runID).appendingPathComponent("pid")
        guard let text = try? String(contentsOf: path, encoding: .utf8), let pid = Int32(text),
            pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == 0
        else { return nil }
        return pid
    }

    /// Runs the executor until it ends or is interrupted, then records and reports how it ended; throws the
    /// exit code (1 failed, 130 interrupted) when it did not succeed.
    func execute(
        graph: StepGraph, runID: RunID, session: CanvasSession, options: Executor.Options
    ) async throws {
        let stop = StopSignal()
        let interrupts = InterruptHandler(stop: stop, output: output)
        defer { interrupts.cancel() }
        let progress = RunProgress(stepIDs: graph.order)
        let display = ProgressDisplay(
            progress: progress, client: session.client, output: output, enabled: format == .text)
        display.start()
        let manifestWriter = Task { [stateDirectory] in
            await RunLauncher.keepManifest(runID, graph: graph, progress: progress, in: stateDirectory)
        }
        defer { manifestWriter.cancel() }
        let executor = Executor(
            graph: graph, client: session.client, journal: journal, runID: runID, options: options, progress: progress,
            stop: stop, logger: EaselLog.logger("easel.apply"))
        let outcome: RunOutcome
        do {
            outcome = try await executor.run()
        } catch {
            await display.stop()
            try? await journal.finishRun(runID, status: .failed)
            await lease.release()
            output.printError("error: \(error)")
            throw ExitCode.failure
        }
        await display.stop()
        manifestWriter.cancel()
        Self.updateManifest(runID, graph: graph, progress: progress, in: stateDirectory)
        try await journal.finishRun(runID, status: outcome.status)
        await lease.release()
        try? FileManager.default.removeItem(at: stateDirectory.runFolder(runID).appendingPathComponent("pid"))
        let resultsURL = stateDirectory.resultsURL(runID)
        try await ResultsFile.write(run: runID, from: journal, to: resultsURL)
        report(outcome, on: session.environment, resultsPath: Self.relativeToCurrentDirectory(resultsURL.path))
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
            let (line, itemProblems) = Self.runFailureLine(runFailure, problems: problems)
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
            "\(Self.summaryWord(outcome.status)): "
                + formatting.outcomes(outcome.summary.outcomeTotals, pending: outcome.summary.pending))
        lines.append("Run \(outcome.runID) \(formatting.status(outcome.status)). Results: \(resultsPath)")
        if outcome.status != .succeeded {
            lines.append("Resume it with: \(ResumeCommandLine.text(outcome.runID, arguments: resumeArguments))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// How the summary's total line starts: `Apply complete`, or why it is not.
    static func summaryWord(_ status: RunStatus) -> String {
        switch status {
        case .succeeded: "Apply complete"
        case .interrupted: "Apply interrupted"
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
            "run_failure": outcome.runFailure.map(JSONValue.string) ?? .null,
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

/// The lease a launcher holds, set once the run is locked.
private final class LeaseSlot: Sendable {
    private let lease = Mutex<RunLease?>(nil)

    func set(_ new: RunLease) { lease.withLock { $0 = new } }

    func release() async {
        let held = lease.withLock { held in
            defer { held = nil }
            return held
        }
        await held?.release()
    }
}
