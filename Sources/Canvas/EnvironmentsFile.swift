import Foundation
import JSONValues
import OrderedCollections

/// The environments file: named Canvas environments, as JSON.
///
/// Location, first found: `--environments FILE`, else `$EASEL_ENVIRONMENTS`, else `environments.json` in the
/// state directory (`.easel/` by default), else `environments.json` next to the job file. JSON was chosen over
/// YAML so that the file needs no job-file grammar; a relative `token_file` is read from the file's directory.
///
/// ```json
/// {"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "CANVAS_PROD_TOKEN"},
///                   "test": {"base_url": "https://school.test.instructure.com", "token_file": "test.token",
///                            "production": false}}}
/// ```
///
/// `token_env` and `token_file` take one name or a list (several tokens, used in turn); `production` is
/// optional and defaults by host (see `CanvasEnvironment.isProduction`). A `token` key is refused.
public struct EnvironmentsFile: Sendable, Hashable {
    /// The environments by name, in file order.
    public var environments: [CanvasEnvironment]
    /// Where the file was read from.
    public var path: String?

    /// The file Easel reads: `explicitPath` (`--environments`), else `$EASEL_ENVIRONMENTS`, else
    /// `environments.json` in the state directory, else `environments.json` next to the job file; nil when
    /// none is given and none exists.
    public static func locate(
        explicitPath: String? = nil,
        stateDirectory: String = ".easel",
        jobDirectory: String? = nil,
        environment: [String: String]? = nil
    ) -> String? {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        let environment = environment ?? ProcessInfo.processInfo.environment
        if let explicit = environment["EASEL_ENVIRONMENTS"], !explicit.isEmpty { return explicit }
        let candidates =
            [stateDirectory + "/environments.json"] + (jobDirectory.map { [$0 + "/environments.json"] } ?? [])
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads and checks a file.
    public static func load(path: String) throws(CanvasError) -> EnvironmentsFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CanvasError(.configuration("cannot read the environments file \(path)"))
        }
        var file = try parse(Array(data), source: path)
        file.path = path
        // Token files are relative to the environments file.
        let directory = (path as NSString).deletingLastPathComponent
        for index in file.environments.indices {
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
            guard !sources.isEmpty else {
                throw CanvasError(.configuration("\(source): environment '\(name)' needs token_env or token_file"))
            }
            if entry["token"] != nil {
                throw CanvasError(
                    .configuration("\(source): environment '\(name)' holds a token itself; use token_env or token_file")
                )
            }
            let production = entry["production"]?.boolValue
            environments.append(
                CanvasEnvironment(name: name, baseURL: baseURL, tokenSources: sources, declaredProduction: production))
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
