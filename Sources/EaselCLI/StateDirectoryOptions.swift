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
                + "(default: $EASEL_STATE_URL, else the environment's state_url). The password comes from the URL "
                + "or $PGPASSWORD and is never printed.",
            valueName: "postgres://USER@HOST:PORT/DB"))
    var url: String?

    /// The state folder these options choose.
    var stateDirectory: StateDirectory { StateDirectory(flag: path) }

    /// The `state_url` of the environment the command talks to, filled in by `withEnvironmentStateURL(_:)`.
    ///
    /// Not a command-line option: it comes from the environments file.
    private var environmentStateURL: String?

    /// The shared state URL: `--state-url`, else `EASEL_STATE_URL`, else the environment's `state_url`, else nil
    /// (the local journal).
    var stateURL: String? {
        Self.chooseStateURL(
            flag: url, variable: ProcessInfo.processInfo.environment[SharedState.environmentVariable],
            environment: environmentStateURL)
    }

    /// These options for a command against an environment whose file sets `state_url` (or nil).
    func withEnvironmentStateURL(_ environmentURL: String?) -> StateDirectoryOptions {
        var options = self
        options.environmentStateURL = environmentURL
        return options
    }

    /// The first non-empty of `--state-url`, `EASEL_STATE_URL` and the environment's `state_url`.
    static func chooseStateURL(flag: String?, variable: String?, environment: String?) -> String? {
        [flag, variable, environment].compactMap { $0 }.first { !$0.isEmpty }
    }

    // The environment's URL is not an argument: only the two options are decoded from the command line.
    private enum CodingKeys: String, CodingKey {
        case path, url
    }
}
