import ArgumentParser

/// `easel sandbox`: serves a local Canvas-compatible API.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox", abstract: "Serve a local Canvas-compatible API.")
}
