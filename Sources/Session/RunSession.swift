import Diagnostics
public import Execution
import Foundation
import JSONValues
public import JobSpec
public import Logging
import OrderedCollections
public import PlanModel
public import Planning
import PostgresJournal
import RunContext
import Synchronization

/// A run's lifecycle, what `apply` and `resume` share: the run's folder (the job's copy, its fingerprints, the pid
/// file), its lease and job lock, the approval, the executor with its manifest kept up to date, and the end of the
/// run journaled with its results file.
///
/// Everything it talks to is injected: the journal, the Canvas it writes to (per call), the clock it stamps runs
/// with, the prompt that asks for approval and the output it says what it does on. It prints errors and the plan
/// it applies; the run's report is the caller's.
public struct RunSession: Sendable {
    /// The state folder holding each run's folder.
    public let stateDirectory: StateDirectory
    /// The journal runs and items are kept in.
    public let journal: any JournalStore
    /// Where errors, plans and progress lines go.
    public let output: any SessionOutput
    /// How approval is asked for.
    public let prompt: any ApprovalPrompt
    /// What stamps the runs and locks.
    public var clock: SessionClock = .system
    /// Whether text meant for a person is printed (the plan, `Run … on …`); off for JSON output.
    public var printsText = true
    /// The version plans made by the session record.
    public var easelVersion = "dev"
    /// The logger for a stage (`easel.plan`, `easel.apply`).
    public var logger: @Sendable (String) -> Logger = { Logger(label: $0, factory: { _ in SwiftLogNoOpLogHandler() }) }
    /// How the plans the session prints are coloured.
    public var planStyle: @Sendable (String, PlanRenderer.Style) -> String = { text, _ in text }
    /// What watches the executor while it works.
    public var watcher: any RunWatcher = UnwatchedRun()
    /// The job locks of the state (nil: runs take none, as with a journal kept in memory).
    public var jobLocking: (any JobLocking)?
    /// How long to wait for a job lock another writer holds.
    public var lockTimeout: Duration = .zero
    /// The options `resume` needs to reach this run's Canvas and state again, kept in the run's manifest so that
    /// `show` prints a resume command that runs as printed.
    public var resumeArguments: [String] = []
    /// The run's lock in the journal, while this process applies it.
    private let lease = LeaseSlot()

    /// A session journaling to `journal`, keeping run folders in `stateDirectory` (created if missing).
    public init(
        stateDirectory: StateDirectory, journal: any JournalStore, output: any SessionOutput,
        prompt: any ApprovalPrompt
    ) throws {
        try FileManager.default.createDirectory(at: stateDirectory.url, withIntermediateDirectories: true)
        self.stateDirectory = stateDirectory
        self.journal = journal
        self.output = output
        self.prompt = prompt
    }

    /// Journals a new run and keeps, in its folder, the job's text and input hashes (so resume can say what
    /// changed) and this process's id (so resume can tell a run still going from one that was killed).
    public func beginRun(_ runID: RunID, graph: StepGraph, jobPath: String, environment: PlanEnvironment) async throws {
        let folder = try stateDirectory.createRunFolder(runID)
        let spec = graph.spec
        try spec.source.text.write(to: folder.appendingPathComponent("job.yaml"), atomically: true, encoding: .utf8)
        func sorted(_ hashes: [String: String]) -> JSONValue {
            .object(
                OrderedDictionary(
                    uniqueKeysWithValues: hashes.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
                ))
        }
        let fingerprint: JSONValue = [
            "inputs": sorted(try JobFingerprint.inputHashes(of: spec)),
            "uploads": sorted(JobFingerprint.uploadHashes(of: spec)),
        ]
        try fingerprint.serialized().write(
            to: folder.appendingPathComponent("fingerprint.json"), atomically: true, encoding: .utf8)
        RunManifest(jobName: spec.name, steps: graph.order, planned: [:]).write(runID, in: stateDirectory)
        try await journal.beginRun(
            RunRecord(
                id: runID, jobPath: jobPath, jobHash: try JobFingerprint.hash(of: spec),
                variables: OrderedDictionary(uniqueKeysWithValues: spec.vars.map { ($0.key, $0.value.value) }),
                environmentName: environment.name, environmentHost: environment.host,
                isProduction: environment.isProduction, startedAt: clock.now()))
        try await lock(runID)
        try await StoredRunFiles.store(spec, jobPath: jobPath, run: runID, in: journal)
        markRunning(runID)
    }

    /// Takes the run's lock in the journal, which a second `apply` or `resume` of the run is refused.
    public func lock(_ runID: RunID) async throws {
        lease.set(try await RunLease.take(runID, in: journal))
    }

    /// Writes this process's id into the run's folder.
    public func markRunning(_ runID: RunID) {
        let path = stateDirectory.runFolder(runID).appendingPathComponent("pid")
        try? String(ProcessInfo.processInfo.processIdentifier).write(to: path, atomically: true, encoding: .utf8)
    }

    /// The id of a live process that is running `runID`, if there is one.
    public func liveProcess(running runID: RunID) -> Int32? {
        Self.liveProcess(running: runID, in: stateDirectory)
    }

    /// The id of a live process other than this one that is running `runID` in `stateDirectory`, if any.
    public static func liveProcess(running runID: RunID, in stateDirectory: StateDirectory) -> Int32? {
        let path = stateDirectory.runFolder(runID).appendingPathComponent("pid")
        guard let text = try? String(contentsOf: path, encoding: .utf8), let pid = Int32(text),
            pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) == 0
        else { return nil }
        return pid
    }

    /// Takes the lock on (`host`, `job`) for `runID`, waiting up to `lockTimeout`; prints who holds it and stops
    /// (exit 75) when refused. Nil when the session takes no job locks.
    public func acquireJobLock(job: String, host: String, runID: RunID) async throws -> (any JobLock)? {
        guard let jobLocking else { return nil }
        let origin = RunOrigin.current
        let holder = JobLockHolder(
            user: origin.user, host: origin.host, pid: origin.pid, runID: runID, since: clock.now())
        do {
            return try await jobLocking.acquire(
                JobLockKey(canvasHost: host, jobName: job), for: holder, timeout: lockTimeout)
        } catch let error as JobLockError {
            output.printError("error: \(error)")
            if case .held = error { throw SessionStop(.temporary) }
            throw SessionStop(.failed)
        }
    }

    /// An approval with the command line's choices, asked through the session's prompt.
    public func approval(autoApprove: Bool, confirmProduction: String?) -> WriteApproval {
        WriteApproval(autoApprove: autoApprove, confirmProduction: confirmProduction, output: output, prompt: prompt)
    }

    /// Runs the executor until it ends or is interrupted, then journals how it ended, releases the run's lease
    /// and writes its results file. An executor that throws is journaled failed, printed, and stops (exit 1).
    public func execute(
        graph: StepGraph, runID: RunID, canvas: CanvasSession, options: Executor.Options
    ) async throws -> RunOutcome {
        let stop = StopSignal()
        let progress = RunProgress(stepIDs: graph.order)
        watcher.executorStarted(progress: progress, stop: stop)
        defer { watcher.runFinished() }
        let manifestWriter = Task { [stateDirectory, resumeArguments] in
            await RunSession.keepManifest(
                runID, graph: graph, progress: progress, resumeArguments: resumeArguments, in: stateDirectory)
        }
        defer { manifestWriter.cancel() }
        let executor = Executor(
            graph: graph, client: canvas.client, journal: journal, runID: runID, options: options,
            progress: progress, stop: stop, logger: logger("easel.apply"))
        let outcome: RunOutcome
        do {
            outcome = try await executor.run()
        } catch {
            await watcher.executorEnded()
            try? await journal.finishRun(runID, status: .failed)
            await lease.release()
            output.printError(ExitStatus.message(reaching: error))
            throw SessionStop(ExitStatus(reaching: error))
        }
        await watcher.executorEnded()
        manifestWriter.cancel()
        Self.updateManifest(
            runID, graph: graph, progress: progress, resumeArguments: resumeArguments, in: stateDirectory)
        try await journal.finishRun(runID, status: outcome.status)
        await lease.release()
        try? FileManager.default.removeItem(at: stateDirectory.runFolder(runID).appendingPathComponent("pid"))
        try await ResultsFile.write(run: runID, from: journal, to: stateDirectory.resultsURL(runID))
        return outcome
    }

    /// The plan of `graph` on `canvas`; an error is printed and stops with the status it leads to.
    func plan(graph: StepGraph, jobPath: String, canvas: CanvasSession) async throws -> Plan {
        let planner = Planner(
            graph: graph, jobPath: jobPath, client: canvas.client, environment: canvas.environment,
            easelVersion: easelVersion, logger: logger("easel.plan"))
        do {
            return try await planner.plan()
        } catch {
            output.printError(ExitStatus.message(reaching: error))
            throw SessionStop(ExitStatus(reaching: error))
        }
    }
}

/// The lease a session holds, set once the run is locked.
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
