import ArgumentParser
import Execution

/// `--state-dir DIR`, shared by every command that reads or writes the journal.
struct StateDirectoryOptions: ParsableArguments {
    @Option(
        name: .customLong("state-dir"),
        help: ArgumentHelp(
            "The folder holding the journal and run logs (default: $EASEL_STATE_DIR, else .easel).",
            valueName: "DIR"))
    var path: String?

    /// The state folder these options choose.
    var stateDirectory: StateDirectory { StateDirectory(flag: path) }
}
