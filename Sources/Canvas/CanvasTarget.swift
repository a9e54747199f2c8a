import Foundation

/// Where Easel sends its requests, decided from `--env`, `--base-url` and the environments file.
public enum CanvasTarget: Sendable, Hashable {
    /// A Canvas instance: a named environment, or `--base-url` with the token in `CANVAS_TOKEN`.
    case environment(CanvasEnvironment)
    /// An in-process sandbox seeded with demo data: Easel's default when neither `--env` nor `--base-url` is
    /// given, and what `--env sandbox` means unless the environments file defines `sandbox` itself.
    case sandbox

    /// The environment name that selects the in-process sandbox.
    public static let sandboxName = "sandbox"

    /// The variable holding the token for `--base-url`.
    public static let tokenVariable = "CANVAS_TOKEN"

    /// Decides the target from the flags and the environments file.
    ///
    /// `--base-url` (token from `CANVAS_TOKEN`), else `--env NAME` from the environments
    /// file (located as `EnvironmentsFile.locate` says), else the sandbox. Giving both flags is an error.
    public static func resolve(
        environmentName: String?,
        baseURL: String?,
        environmentsPath: String? = nil,
        stateDirectory: String = ".easel",
        jobDirectory: String? = nil,
        environment: [String: String]? = nil
    ) throws(CanvasError) -> CanvasTarget {
        switch (environmentName, baseURL) {
        case (.some, .some):
            throw CanvasError(.configuration("give either --env or --base-url, not both"))
        case (nil, .some(let url)):
            guard let origin = URLOrigin(url) else {
                throw CanvasError(.configuration("'\(url)' is not a Canvas URL such as https://school.instructure.com"))
            }
            guard origin.isSecureForToken else { throw CanvasError(.insecureURL(url)) }
            return .environment(
                CanvasEnvironment(name: origin.host, baseURL: url, tokenSources: [.variable(tokenVariable)]))
        case (.some(let name), nil):
            let path = EnvironmentsFile.locate(
                explicitPath: environmentsPath, stateDirectory: stateDirectory, jobDirectory: jobDirectory,
                environment: environment)
            guard let path else {
                if name == sandboxName { return .sandbox }
                throw CanvasError(
                    .configuration(
                        "no environments file to find '\(name)' in: create \(stateDirectory)/environments.json, "
                            + "pass --environments FILE, or use --base-url with CANVAS_TOKEN"))
            }
            let file = try EnvironmentsFile.load(path: path)
            if name == sandboxName, !file.environments.contains(where: { $0.name == name }) { return .sandbox }
            return .environment(try file.environment(named: name))
        case (nil, nil):
            return .sandbox
        }
    }
}
