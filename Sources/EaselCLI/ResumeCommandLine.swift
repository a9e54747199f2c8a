import Execution
import Foundation

/// The `easel resume` command a run's report ends with, carrying the options that chose its Canvas and its state
/// as they were given, so that it runs as printed.
enum ResumeCommandLine {
    /// The options of `target` and `state` that `resume` needs again, in the order they are written.
    static func arguments(target: CanvasTargetOptions, state: StateDirectoryOptions) -> [String] {
        var arguments: [String] = []
        if let name = target.environmentName { arguments += ["--env", name] }
        if let url = target.baseURL { arguments += ["--base-url", url] }
        if let file = target.environmentsFile { arguments += ["--environments", file] }
        if target.trustsEnvironments { arguments.append("--trust-environments") }
        if let path = state.path { arguments += ["--state-dir", path] }
        // A URL with a password is left out: the password is never printed, and $PGPASSWORD supplies it.
        if let url = state.url, URLComponents(string: url)?.password == nil { arguments += ["--state-url", url] }
        return arguments
    }

    /// `easel resume RUN_ID` and `arguments`, each quoted for a POSIX shell where it needs to be.
    static func text(_ runID: RunID, arguments: [String]) -> String {
        text(["easel", "resume", runID.rawValue] + arguments)
    }

    /// A command's words, each quoted for a POSIX shell where it needs to be.
    static func text(_ words: [String]) -> String {
        words.map(quoted).joined(separator: " ")
    }

    private static func quoted(_ argument: String) -> String {
        let plain = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,")
        guard !argument.isEmpty, argument.unicodeScalars.allSatisfy(plain.contains) else {
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }
        return argument
    }
}
