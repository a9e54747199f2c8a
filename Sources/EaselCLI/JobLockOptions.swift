import ArgumentParser
import Execution
import Foundation
import Journal
import PostgresJournal

/// `--lock-timeout SECONDS`: how long `apply` and `resume` wait for another writer of the same job and Canvas.
struct JobLockOptions: ParsableArguments {
    @Option(
        name: .customLong("lock-timeout"),
        help: ArgumentHelp(
            "How long to wait while another apply or resume of this job against this Canvas runs (default 0: "
                + "refuse at once, exit 75, naming who holds it).",
            valueName: "SECONDS"))
    var seconds: Double = 0

    /// The exit status of a run refused because another writer holds the job's lock (EX_TEMPFAIL: try later).
    static let refusedExitCode = ExitStatus.temporary.code

    func validate() throws {
        guard seconds >= 0 else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    /// Takes the lock on (`host`, `job`) for `runID` where `state` keeps its journal: a PostgreSQL advisory lock for
    /// a state URL, a lease in the local journal otherwise. Prints who holds it and exits 75 when refused.
    func acquire(
        job: String, host: String, runID: RunID, state: StateDirectoryOptions, output: TerminalOutput
    ) async throws -> any JobLock {
        let locking: any JobLocking =
            if let url = state.stateURL {
                PostgresJobLocking(location: try PostgresLocation(url: url))
            } else {
                SQLiteJobLocking(path: state.stateDirectory.journalPath)
            }
        let origin = RunOrigin.current
        let holder = JobLockHolder(user: origin.user, host: origin.host, pid: origin.pid, runID: runID, since: Date())
        do {
            return try await locking.acquire(
                JobLockKey(canvasHost: host, jobName: job), for: holder, timeout: .milliseconds(Int(seconds * 1000)))
        } catch let error as JobLockError {
            output.printError("error: \(error)")
            if case .held = error { throw Self.refusedExitCode }
            throw ExitCode.failure
        }
    }
}
