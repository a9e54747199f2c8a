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
    /// `--base-url` (token from `CANVAS_TOKEN`), else `--env NAME` from the environments file (located as
    /// `EnvironmentsFile.locate` says: never one found in the working directory), else the sandbox. Giving both
    /// flags is an error. `trustsEnvironments` (`--trust-environments`) lets a file named by `--environments`
    /// inside a git work tree choose token sources. `stateDirectory` is only for pointing out an
    /// `environments.json` there that is no longer read.
    public static func resolve(
        environmentName: String?,
        baseURL: String?,
        environmentsPath: String? = nil,
        trustsEnvironments: Bool = false,
        stateDirectory: String? = nil,
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
            let ignored = ignoredFileNote(stateDirectory: stateDirectory)
            guard let location = EnvironmentsFile.locate(explicitPath: environmentsPath, environment: environment)
            else {
                if name == sandboxName { return .sandbox }
                let user = EnvironmentsFile.userConfigurationPath(environment: environment)
                throw CanvasError(
                    .configuration(
                        "no environments file to find '\(name)' in: create \(user) (or name one in "
                            + "$\(EnvironmentsFile.pathVariable)), pass --environments FILE, or use --base-url with "
                            + "\(tokenVariable)" + ignored))
            }
            let file = try EnvironmentsFile.load(location, trusted: trustsEnvironments)
            if name == sandboxName, !file.environments.contains(where: { $0.name == name }) { return .sandbox }
            do {
                return .environment(try file.environment(named: name))
            } catch {
                guard case .configuration(let message) = error.kind, !ignored.isEmpty else { throw error }
                throw CanvasError(.configuration(message + ignored))
            }
        case (nil, nil):
            return .sandbox
        }
    }

    /// A note on an `environments.json` in the state folder, which earlier versions read and this one does not.
    private static func ignoredFileNote(stateDirectory: String?) -> String {
        guard let stateDirectory else { return "" }
        let path = stateDirectory + "/environments.json"
        guard FileManager.default.fileExists(atPath: path) else { return "" }
        return "; \(path) is not read, because a file that comes with a job folder must not decide where your "
            + "token goes: move your environments to your own file, or name this one with --environments"
    }
}
