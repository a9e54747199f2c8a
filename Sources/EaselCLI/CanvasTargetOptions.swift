import ArgumentParser
import Canvas

/// `--env NAME`, `--base-url URL` and `--environments FILE`: where a command sends its Canvas requests.
struct CanvasTargetOptions: ParsableArguments {
    @Option(
        name: .customLong("env"),
        help: ArgumentHelp(
            "A named environment from the environments file (`sandbox`: an in-process sandbox).", valueName: "NAME"))
    var environmentName: String?

    @Option(
        name: .customLong("base-url"),
        help: ArgumentHelp(
            "A Canvas URL, with the token in CANVAS_TOKEN; no environments file needed.", valueName: "URL"))
    var baseURL: String?

    @Option(
        name: .customLong("environments"),
        help: ArgumentHelp(
            "The environments file (default: your own, $EASEL_ENVIRONMENTS, else "
                + "$XDG_CONFIG_HOME/easel/environments.json or ~/.config/easel/environments.json).",
            valueName: "FILE"))
    var environmentsFile: String?

    @Flag(
        name: .customLong("trust-environments"),
        help: ArgumentHelp(
            "Let the --environments file set token_env, token_file and \"production\": false although it is in a "
                + "git work tree (only for a file you wrote yourself)."))
    var trustsEnvironments = false

    /// The target these options choose: with neither `--env` nor `--base-url`, the sandbox.
    func target(stateDirectory: String) throws(CanvasError) -> CanvasTarget {
        try CanvasTarget.resolve(
            environmentName: environmentName, baseURL: baseURL, environmentsPath: environmentsFile,
            trustsEnvironments: trustsEnvironments, stateDirectory: stateDirectory)
    }
}
