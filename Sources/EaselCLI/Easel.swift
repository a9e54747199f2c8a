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
    static func main() async {
        umask(0o077)
        await main(nil)
    }
}
