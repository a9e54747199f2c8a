import ArgumentParser

/// `easel validate`: checks job files.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check job files.")
}
