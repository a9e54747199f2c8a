import Canvas
import Foundation
import Testing

/// `state_url` per environment: read from the user's own file, refused from a repository's file unless trusted.
@Suite struct EnvironmentStateURLTests {
    private let stateURL = "postgres://easel@db.example.edu:5432/easel?sslmode=require"

    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "easel-env-state-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func write(_ text: String, to path: String, mode: Int16 = 0o600) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: path)
    }

    private func fileText(stateURL: String) -> String {
        #"{"environments": {"prod": {"base_url": "https://school.instructure.com", "state_url": "\#(stateURL)"}, "#
            + #""test": {"base_url": "https://school.test.instructure.com"}}}"#
    }

    private func environment(_ target: CanvasTarget) throws -> CanvasEnvironment {
        guard case .environment(let environment) = target else {
            throw CanvasError(.configuration("expected an environment, got \(target)"))
        }
        return environment
    }

    @Test func theUsersOwnFileSetsAStateURLPerEnvironment() throws {
        let configHome = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: configHome) }
        try write(fileText(stateURL: stateURL), to: configHome + "/easel/environments.json")
        let user = ["XDG_CONFIG_HOME": configHome]

        let prod = try environment(CanvasTarget.resolve(environmentName: "prod", baseURL: nil, environment: user))
        #expect(prod.stateURL == stateURL)
        let test = try environment(CanvasTarget.resolve(environmentName: "test", baseURL: nil, environment: user))
        #expect(test.stateURL == nil)
        let baseURL = try environment(
            CanvasTarget.resolve(environmentName: nil, baseURL: "https://school.instructure.com", environment: user))
        #expect(baseURL.stateURL == nil)
    }

    @Test(arguments: [#""state_url": """#, #""state_url": 5"#, #""state_url": null"#])
    func aStateURLThatIsNoTextIsRefused(member: String) {
        let text = #"{"environments": {"prod": {"base_url": "https://school.instructure.com", \#(member)}}}"#
        let refused = #expect(throws: CanvasError.self) {
            try EnvironmentsFile.parse(Array(text.utf8), source: "environments.json")
        }
        #expect(refused?.description.contains("environment 'prod': state_url must be a postgres:// URL") == true)
    }

    @Test func aRepositorysFileMayNotChooseWhereRunsAreJournaled() throws {
        let repository = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: repository) }
        try FileManager.default.createDirectory(atPath: repository + "/.git", withIntermediateDirectories: true)
        let path = repository + "/jobs/environments.json"
        try write(fileText(stateURL: stateURL), to: path, mode: 0o644)

        // Refused whichever environment is chosen: the file as a whole came with the repository.
        for name in ["prod", "test"] {
            let refused = #expect(throws: CanvasError.self) {
                try CanvasTarget.resolve(environmentName: name, baseURL: nil, environmentsPath: path, environment: [:])
            }
            let message = refused?.description ?? ""
            #expect(message.contains("inside the git work tree"), "\(message)")
            #expect(message.contains("environment 'prod' sets state_url"), "\(message)")
            #expect(message.contains("--trust-environments"), "\(message)")
            #expect(!message.contains(stateURL), "\(message)")
        }

        let trusted = try environment(
            CanvasTarget.resolve(
                environmentName: "prod", baseURL: nil, environmentsPath: path, trustsEnvironments: true,
                environment: [:]))
        #expect(trusted.stateURL == stateURL)

        // Named by $EASEL_ENVIRONMENTS, it is the user's own choice.
        let named = try environment(
            CanvasTarget.resolve(environmentName: "prod", baseURL: nil, environment: ["EASEL_ENVIRONMENTS": path]))
        #expect(named.stateURL == stateURL)

        // Outside a work tree, a file named with --environments may set it.
        let plain = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: plain) }
        try write(fileText(stateURL: stateURL), to: plain + "/environments.json")
        let outside = try environment(
            CanvasTarget.resolve(
                environmentName: "prod", baseURL: nil, environmentsPath: plain + "/environments.json",
                environment: [:]))
        #expect(outside.stateURL == stateURL)
    }
}
