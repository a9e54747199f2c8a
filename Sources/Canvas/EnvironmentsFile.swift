import Foundation
import JSONValues
import OrderedCollections

/// The environments file: named Canvas environments, as JSON.
///
/// It is the user's own file: `$EASEL_ENVIRONMENTS`, else `$XDG_CONFIG_HOME/easel/environments.json`, else
/// `~/.config/easel/environments.json`. A file in the working directory, the state folder or next to a job is
/// never read unless named with `--environments FILE`: job folders are shared and cloned, and the file decides
/// where the token goes. JSON was chosen over YAML so that the file needs no job-file grammar; a relative
/// `token_file` is read from the file's directory.
///
/// ```json
/// {"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "CANVAS_PROD_TOKEN"},
///                   "test": {"base_url": "https://school.test.instructure.com", "token_file": "test.token",
///                            "production": false}}}
/// ```
///
/// `token_env` and `token_file` take one name or a list (several tokens, used in turn); an environment with
/// neither takes its token from `CANVAS_TOKEN`, as `--base-url` does. `production` is optional and defaults by
/// host (see `CanvasEnvironment.isProduction`). `state_url` (a `postgres://` URL) keeps the journal of runs
/// against the environment in that database, unless `--state-url` or `EASEL_STATE_URL` names another. A `token`
/// key is refused.
public struct EnvironmentsFile: Sendable, Hashable {
    /// The environments by name, in file order.
    public var environments: [CanvasEnvironment]
    /// Where the file was read from.
    public var path: String?

    /// The variable naming the user's environments file.
    public static let pathVariable = "EASEL_ENVIRONMENTS"

    /// The user's own environments file: `$XDG_CONFIG_HOME/easel/environments.json`, else
    /// `~/.config/easel/environments.json` (whether or not it exists).
    public static func userConfigurationPath(environment: [String: String]? = nil) -> String {
        let environment = environment ?? ProcessInfo.processInfo.environment
        // The XDG base-directory rules ignore a relative XDG_CONFIG_HOME.
        if let configHome = environment["XDG_CONFIG_HOME"], configHome.hasPrefix("/") {
            return configHome + "/easel/environments.json"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/easel/environments.json"
    }

    /// The file Easel reads: `explicitPath` (`--environments`), else `$EASEL_ENVIRONMENTS`, else the user's
    /// configuration file when it exists; nil otherwise.
    ///
    /// Never a file found in the working directory.
    public static func locate(explicitPath: String? = nil, environment: [String: String]? = nil)
        -> EnvironmentsFileLocation?
    {
        if let explicitPath, !explicitPath.isEmpty {
            return EnvironmentsFileLocation(path: explicitPath, origin: .commandLine)
        }
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let named = environment[pathVariable], !named.isEmpty {
            return EnvironmentsFileLocation(path: named, origin: .variable)
        }
        let user = userConfigurationPath(environment: environment)
        guard FileManager.default.fileExists(atPath: user) else { return nil }
        return EnvironmentsFileLocation(path: user, origin: .userConfiguration)
    }

    /// Reads and checks the file at `location`.
    ///
    /// The file must belong to the user and not be writable by others. A file named by `--environments` that
    /// sits in a git work tree came with a repository: it may name hosts but neither set `token_env`,
    /// `token_file` or `state_url` nor declare a production host not production, unless `trusted`
    /// (`--trust-environments`).
    public static func load(_ location: EnvironmentsFileLocation, trusted: Bool = false)
        throws(CanvasError) -> EnvironmentsFile
    {
        let path = location.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw CanvasError(.configuration("cannot read the environments file \(path): no such file"))
        }
        try FileOwnership.checkNotWritableByOthers(path, describedAs: "the environments file")
        var file = try read(path: path)
        if location.origin == .commandLine, !trusted, let root = GitWorkTree.root(containing: path) {
            try checkFromRepository(file, path: path, root: root)
        }
        for index in file.environments.indices where !file.environments[index].namesTokenSources {
            file.environments[index].tokenSources = [.variable(CanvasTarget.tokenVariable)]
        }
        return file
    }

    /// Refuses what a file that came with a repository may not decide: where a token is read from, where the
    /// journal (with its run history) is kept, and that a production host is not production (which would lift
    /// the production confirmation).
    private static func checkFromRepository(_ file: EnvironmentsFile, path: String, root: String) throws(CanvasError) {
        let why = "\(path) is inside the git work tree \(root), so it came with a repository and may name hosts"
        let remedy =
            "Define the environment in your own \(userConfigurationPath()) instead, or, if you wrote this file "
            + "yourself, pass --trust-environments"
        if let named = file.environments.first(where: \.namesTokenSources) {
            throw CanvasError(
                .configuration(
                    "\(why) but not where your token is read from: its environment '\(named.name)' sets token_env or "
                        + "token_file, and a file someone else wrote could send your token to a host of their "
                        + "choosing. \(remedy)"))
        }
        if let journaled = file.environments.first(where: { $0.stateURL != nil }) {
            throw CanvasError(
                .configuration(
                    "\(why) but not where runs are journaled: its environment '\(journaled.name)' sets state_url, "
                        + "and a file someone else wrote could send the run history of your jobs to a database of "
                        + "their choosing. \(remedy)"))
        }
        let lowered = file.environments.first { environment in
            environment.declaredProduction == false
                && CanvasEnvironment.isProductionHost(URLOrigin(environment.baseURL)?.host ?? environment.baseURL)
        }
        if let lowered {
            throw CanvasError(
                .configuration(
                    "\(why) but not declare one not production: its environment '\(lowered.name)' says "
                        + "\"production\": false for \(lowered.baseURL), which would apply there without the "
                        + "production confirmation. \(remedy)"))
        }
    }

    /// Reads and parses a file, without the ownership checks or the trust rule of `load(_:trusted:)`;
    /// environments that name no token source keep none.
    private static func read(path: String) throws(CanvasError) -> EnvironmentsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CanvasError(.configuration("cannot read the environments file \(path)"))
        }
        var file = try parse(Array(data), source: path)
        file.path = path
        // Token files are relative to the environments file.
        let directory = (path as NSString).deletingLastPathComponent
        for index in file.environments.indices {
            file.environments[index].definedIn = path
            file.environments[index].tokenSources = file.environments[index].tokenSources.map { source in
                guard case .file(let tokenPath) = source, !tokenPath.hasPrefix("/"), !tokenPath.hasPrefix("~"),
                    !directory.isEmpty
                else { return source }
                return .file(directory + "/" + tokenPath)
            }
        }
        return file
    }

    /// Parses the JSON text of a file; `source` names it in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws(CanvasError) -> EnvironmentsFile {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: bytes)
        } catch {
            throw CanvasError(.configuration("\(source): \(error.description)"))
        }
        guard let members = json["environments"]?.objectValue else {
            throw CanvasError(.configuration("\(source): expected {\"environments\": {\"NAME\": {...}}}"))
        }
        var environments: [CanvasEnvironment] = []
        for member in members {
            let name = member.key
            let entry = member.value
            guard let baseURL = entry["base_url"]?.stringValue else {
                throw CanvasError(.configuration("\(source): environment '\(name)' needs base_url"))
            }
            var sources: [CanvasEnvironment.TokenSource] = []
            sources += strings(entry["token_env"]).map { .variable($0) }
            sources += strings(entry["token_file"]).map { .file($0) }
            if entry["token"] != nil {
                throw CanvasError(
                    .configuration("\(source): environment '\(name)' holds a token itself; use token_env or token_file")
                )
            }
            let production = entry["production"]?.boolValue
            var stateURL: String?
            if let value = entry["state_url"] {
                guard let text = value.stringValue, !text.isEmpty else {
                    throw CanvasError(
                        .configuration("\(source): environment '\(name)': state_url must be a postgres:// URL"))
                }
                stateURL = text
            }
            environments.append(
                CanvasEnvironment(
                    name: name, baseURL: baseURL, tokenSources: sources, declaredProduction: production,
                    stateURL: stateURL))
        }
        return EnvironmentsFile(environments: environments, path: nil)
    }

    /// The environment called `name`, or an error suggesting the known names.
    public func environment(named name: String) throws(CanvasError) -> CanvasEnvironment {
        if let found = environments.first(where: { $0.name == name }) { return found }
        let known = environments.map(\.name).joined(separator: ", ")
        throw CanvasError(
            .configuration("no environment '\(name)' in \(path ?? "the environments file") (known: \(known))"))
    }

    private static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let elements): elements.compactMap(\.stringValue)
        default: []
        }
    }
}
