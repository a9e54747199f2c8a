import ArgumentParser
import Canvas
import Execution
import Foundation
import PlanModel
import Sandbox
import Session

extension CanvasSession {
    /// The host of a base URL, with its port when it is not the scheme's default (`127.0.0.1:8080`).
    static func displayHost(of baseURL: String) -> String {
        guard let origin = URLOrigin(baseURL) else { return baseURL }
        let defaultPort = origin.scheme == "https" ? 443 : 80
        return origin.port == defaultPort ? origin.host : "\(origin.host):\(origin.port)"
    }

    /// The line every command that talks to Canvas prints first, before its first request: the host, the
    /// environment and the file that defines it, and where the token is read from (never the token).
    static func announcement(for target: CanvasTarget) -> String {
        switch target {
        case .sandbox:
            return "Canvas: built-in sandbox (environment \(CanvasTarget.sandboxName), not production)"
        case .environment(let environment):
            let production = environment.isProduction ? "PRODUCTION" : "not production"
            let source =
                environment.definedIn.map { "environment \(environment.name) from \($0)" } ?? "from --base-url"
            let tokens = environment.tokenSources.map { source in
                switch source {
                case .variable(let name): "$" + name
                case .file(let path): "token file " + path
                }
            }
            return "Canvas: \(displayHost(of: environment.baseURL)) (\(production)), \(source); "
                + "token from \(tokens.joined(separator: ", "))"
        }
    }

    /// The built-in sandbox's state file, so that plan, apply and resume (separate processes) see one Canvas.
    static func sandboxStatePath(in stateDirectory: StateDirectory) -> String {
        stateDirectory.url.appendingPathComponent("sandbox.sqlite", isDirectory: false).path
    }
}

extension CanvasTargetOptions {
    /// Runs `body` with a client for the chosen target; for the built-in sandbox, one is started in-process
    /// for the duration, its state kept in the state folder.
    func withSession<Value: Sendable>(
        stateDirectory: StateDirectory,
        requestLog: RequestLog? = nil,
        _ body: (CanvasSession) async throws -> Value
    ) async throws -> Value {
        let userAgent = CanvasClientConfiguration.userAgent(version: EaselVersion.current)
        let output = TerminalOutput()
        let chosen: CanvasTarget = try usage(output) { () throws(CanvasError) in
            try self.target(stateDirectory: stateDirectory.url.path)
        }
        // On standard error, so that it comes first whatever the format and leaves JSON output parseable.
        output.printError(CanvasSession.announcement(for: chosen))
        switch chosen {
        case .environment(let environment):
            let configuration: CanvasClientConfiguration = try usage(output) { () throws(CanvasError) in
                try environment.clientConfiguration(userAgent: userAgent)
            }
            let host = CanvasSession.displayHost(of: environment.baseURL)
            let planEnvironment = PlanEnvironment(
                name: environment.name, host: host, isProduction: environment.isProduction)
            return try await withCanvasClient(configuration, requestLog: requestLog) { client in
                try await body(CanvasSession(client: client, environment: planEnvironment))
            }
        case .sandbox:
            try stateDirectory.create()
            var sandboxConfiguration = SandboxConfiguration()
            sandboxConfiguration.statePath = CanvasSession.sandboxStatePath(in: stateDirectory)
            return try await withSandbox(sandboxConfiguration) { sandbox in
                let configuration = CanvasClientConfiguration(
                    baseURL: sandbox.baseURL, tokens: sandbox.tokens.map(CanvasToken.init), userAgent: userAgent)
                let planEnvironment = PlanEnvironment(
                    name: CanvasTarget.sandboxName, host: "built-in sandbox", isProduction: false)
                return try await withCanvasClient(configuration, requestLog: requestLog) { client in
                    try await body(CanvasSession(client: client, environment: planEnvironment))
                }
            }
        }
    }

    /// `state` with the chosen environment's `state_url`, for commands that journal a run against it. A mistake
    /// in the environments file is printed and exits 64, as `withSession` does.
    func journaling(_ state: StateDirectoryOptions) throws -> StateDirectoryOptions {
        let chosen: CanvasTarget = try usage(TerminalOutput()) { () throws(CanvasError) in
            try self.target(stateDirectory: state.stateDirectory.url.path)
        }
        guard case .environment(let environment) = chosen else { return state }
        return state.withEnvironmentStateURL(environment.stateURL)
    }

    /// The value of `body`; a mistake in the setup it checks (an unknown environment, a refused file, a missing
    /// token) is printed as `error: …` and exits 64, as other usage mistakes do.
    private func usage<Value>(_ output: TerminalOutput, _ body: () throws(CanvasError) -> Value) throws -> Value {
        do {
            return try body()
        } catch {
            output.printError("error: \(error.description)")
            throw ExitStatus(error).code
        }
    }
}
