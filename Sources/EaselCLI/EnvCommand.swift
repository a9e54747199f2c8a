import ArgumentParser
import Canvas
import Execution
import Foundation
import JSONValues
import Logging
import Sandbox
import Session

/// `easel env`: inspects the environments Easel can talk to.
struct EnvCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "Inspect Canvas environments.", subcommands: [Check.self])

    /// `easel env check [--env NAME] [--base-url URL]`: calls `users/self` and says who the token belongs to.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a token: who it belongs to, the host, and whether the host is production.",
            discussion:
                "With neither --env nor --base-url, starts an in-process sandbox seeded with demo data and checks it."
        )

        @OptionGroup var target: CanvasTargetOptions
        @OptionGroup var state: StateDirectoryOptions
        @Option(help: "text or json.") var format: OutputFormat = .text

        @OptionGroup var logging: LogOptions

        func run() async throws {
            let output = TerminalOutput()
            let logger = EaselLog.logger("easel.env")
            let userAgent = CanvasClientConfiguration.userAgent(version: EaselVersion.current)
            do {
                let chosen = try target.target(stateDirectory: state.stateDirectory.url.path)
                output.printError(CanvasSession.announcement(for: chosen))
                switch chosen {
                case .environment(let environment):
                    let configuration = try environment.clientConfiguration(userAgent: userAgent)
                    var report = try await Self.check(
                        name: environment.name, configuration: configuration, isProduction: environment.isProduction,
                        logger: logger)
                    report.environmentsFile = environment.definedIn
                    output.printOut(report.rendered(as: format))
                case .sandbox:
                    let report = try await withSandbox(SandboxConfiguration()) { sandbox in
                        let configuration = CanvasClientConfiguration(
                            baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init), userAgent: userAgent
                        )
                        return try await Self.check(
                            name: CanvasTarget.sandboxName, configuration: configuration, isProduction: false,
                            logger: logger)
                    }
                    output.printOut(report.rendered(as: format))
                }
            } catch let error as CanvasError {
                output.printError("error: \(error.description)")
                throw ExitStatus(error).code
            }
        }

        static func check(
            name: String, configuration: CanvasClientConfiguration, isProduction: Bool, logger: Logger
        ) async throws -> Report {
            try await withCanvasClient(configuration) { client in
                let identity = try await client.identity(logger: logger)
                return Report(
                    environment: name, host: client.origin.host, isProduction: isProduction, identity: identity,
                    environmentsFile: nil)
            }
        }
    }

    /// What `env check` found.
    struct Report: Sendable {
        var environment: String
        var host: String
        var isProduction: Bool
        var identity: CanvasIdentity
        /// The environments file that defines the environment; nil for `--base-url` and the sandbox.
        var environmentsFile: String?

        func rendered(as format: OutputFormat) -> String {
            switch format {
            case .json:
                let object: JSONValue = [
                    "environment": .string(environment), "host": .string(host), "production": .bool(isProduction),
                    "environments_file": environmentsFile.map(JSONValue.string) ?? .null,
                    "user": [
                        "id": .int(identity.id), "name": .string(identity.name),
                        "login_id": identity.loginID.map(JSONValue.string) ?? .null,
                    ],
                ]
                return object.serialized()
            case .text:
                let login = identity.loginID.map { ", login \($0)" } ?? ""
                return """
                    environment: \(environment)
                    host:        \(host)
                    production:  \(isProduction ? "yes" : "no")
                    token of:    \(identity.name) (user \(identity.id)\(login))
                    """
            }
        }
    }
}
