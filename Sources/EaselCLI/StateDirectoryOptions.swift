import ArgumentParser
import Execution
import Foundation

/// `--state-dir DIR` and `--state-url URL`, shared by every command that reads or writes the journal.
struct StateDirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "The folder holding the journal and run logs (default: $EASEL_STATE_DIR, else .easel).",
            valueName: "DIR"))
    var path: String?

    @Option(
        name: .customLong("state-url"),
        help: ArgumentHelp(
            "Keep runs, items, locks and each run's job in PostgreSQL instead of the state folder's journal "
                + "(default: $EASEL_STATE_URL). The password comes from the URL or $PGPASSWORD and is never printed.",
            valueName: "postgres://USER@HOST:PORT/DB"))
    var url: String?

    /// The state folder these options choose.
    var stateDirectory: StateDirectory { StateDirectory(flag: path) }

    /// The shared state URL: `--state-url`, else `EASEL_STATE_URL`, else nil (the local journal).
    var stateURL: String? {
        [url, ProcessInfo.processInfo.environment[SharedState.environmentVariable]].compactMap { $0 }
            .first { !$0.isEmpty }
    }
}
