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

    func validate() throws {
        guard seconds >= 0 else { throw ValidationError("--lock-timeout must be 0 or more seconds") }
    }

    /// How long to wait for the lock.
    var timeout: Duration { .milliseconds(Int(seconds * 1000)) }

    /// The job locks where `state` keeps its journal: PostgreSQL advisory locks for a state URL, leases in the
    /// local journal otherwise.
    func locking(_ state: StateDirectoryOptions) throws -> any JobLocking {
        if let url = state.stateURL {
            return PostgresJobLocking(location: try PostgresLocation(url: url))
        }
        return SQLiteJobLocking(path: state.stateDirectory.journalPath)
    }
}
