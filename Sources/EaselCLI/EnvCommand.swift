import ArgumentParser

/// `easel env`: inspects the environments Easel can talk to.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "env", abstract: "Inspect Canvas environments.")
}
