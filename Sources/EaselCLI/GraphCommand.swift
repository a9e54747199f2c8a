import ArgumentParser

/// `easel graph`: draws a job's step graph.
struct GraphCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Draw a job's step graph.")
}
