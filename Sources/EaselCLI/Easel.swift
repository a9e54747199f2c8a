import ArgumentParser

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
}
