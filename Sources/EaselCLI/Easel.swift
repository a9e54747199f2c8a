import ArgumentParser
import Foundation

/// The `easel` command: plans and applies changes to Canvas LMS from reviewed YAML job files.
@main
struct Easel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "easel",
        abstract: "Plan and apply changes to Canvas LMS from reviewed YAML job files.",
        version: EaselVersion.current,
        subcommands: [
            ValidateCommand.self, GraphCommand.self, PlanCommand.self, ApplyCommand.self, ResumeCommand.self,
            RunsCommand.self, ShowCommand.self, EnvCommand.self, SandboxCommand.self, StateCommand.self,
        ]
    )

    /// Runs the command with a umask that keeps every file Easel writes (journal, request logs, results, saved
    /// plans, exports) readable by the user alone.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot(nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withLowercaseError: error)
        }
    }

    /// Ends the process for `error` as the argument parser would, but with Easel's one spelling, `error:`, for
    /// the usage errors it reports (`Error:` in the parser's own words).
    private static func exit(withLowercaseError error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        guard code != .success, message.hasPrefix("Error: ") else { exit(withError: error) }
        FileHandle.standardError.write(Data(("error: " + message.dropFirst("Error: ".count) + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}
