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
            UndoCommand.self,
        ]
    )

    /// Runs the command with a umask that keeps every file Easel writes (journal, request logs, results, saved
    /// plans, exports) readable by the user alone.
    ///
    /// A command that takes `--log-level`/`--log-file` has its log started before it runs, so that every logger
    /// it hands to the library writes there.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if let logged = command as? any LoggedCommand { EaselLog.start(try logged.logging.destination()) }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // Usage mistakes, help and the statuses commands chose are ArgumentParser's to print; any other error
            // that reaches here is printed once and exits by the table in ExitStatus.
            if error is ExitCode || error is CleanExit || exitCode(for: error) != .failure { exit(withError: error) }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(ExitStatus(reaching: error).rawValue)
        }
    }
}
