import Canvas
import Foundation
import Testing

@Suite struct EnvironmentTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "easel-env-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` to `path` with `mode`, creating its folder.
    private func write(_ text: String, to path: String, mode: Int16 = 0o600) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: path)
    }

    /// A process environment whose user configuration folder is `configHome`, and nothing else.
    private func userEnvironment(_ configHome: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["XDG_CONFIG_HOME": configHome].merging(extra) { _, new in new }
    }

    @Test(
        "production by host",
        arguments: [
            ("https://school.instructure.com", true), ("https://school.test.instructure.com", false),
            ("https://school.beta.instructure.com", false), ("http://127.0.0.1:8080", false),
            ("http://localhost:9000", false), ("https://canvas.example.edu", true),
            ("https://test.example.edu", true),
        ]
    )
    func production(url: String, expected: Bool) {
        #expect(CanvasEnvironment(name: "x", baseURL: url, tokenSources: []).isProduction == expected)
    }

    @Test func theUsersOwnFileResolvesWithItsTokens() throws {
        let configHome = try temporaryDirectory()
        let directory = configHome + "/easel"
        let token = UUID().uuidString
        try write("# test token\n\(token)\n", to: directory + "/test.token")
        let json = """
            {"environments": {
              "prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"},
              "test": {"base_url": "https://school.test.instructure.com", "token_file": "test.token"},
              "staging": {"base_url": "https://staging.example.edu", "token_env": "X", "production": false}
            }}
            """
        let path = directory + "/environments.json"
        try write(json, to: path, mode: 0o644)

        let target = try CanvasTarget.resolve(
            environmentName: "test", baseURL: nil, environment: userEnvironment(configHome))
        guard case .environment(let test) = target else {
            Issue.record("expected an environment, got \(target)")
            return
        }
        #expect(!test.isProduction)
        #expect(test.definedIn == path)
        let configuration = try test.clientConfiguration(environment: [:])
        #expect(configuration.tokens == [CanvasToken(token)])
        #expect(configuration.userAgent.hasPrefix("Easel/"))

        let staging = try CanvasTarget.resolve(
            environmentName: "staging", baseURL: nil, environmentsPath: path, environment: [:])
        #expect(
            staging
                == .environment(
                    CanvasEnvironment(
                        name: "staging", baseURL: "https://staging.example.edu", tokenSources: [.variable("X")],
                        declaredProduction: false, definedIn: path)))

        let prod = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environment: ["EASEL_ENVIRONMENTS": path])
        guard case .environment(let production) = prod else {
            Issue.record("expected an environment")
            return
        }
        #expect(production.isProduction)
        #expect(throws: CanvasError.self) { try production.resolveTokens(environment: [:]) }
        #expect(try production.resolveTokens(environment: ["PROD_TOKEN": " abc \n"]) == [CanvasToken("abc")])

        let unknown = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: "prdo", baseURL: nil, environment: userEnvironment(configHome))
        }
        #expect(unknown?.description.contains("prod, test, staging") == true)
    }

    @Test func theUsersFileIsFoundInOrder() throws {
        let home = try temporaryDirectory()
        let configHome = try temporaryDirectory()
        let named = try temporaryDirectory() + "/named.json"
        let homeFile = home + "/.config/easel/environments.json"
        let xdgFile = configHome + "/easel/environments.json"
        #expect(EnvironmentsFile.userConfigurationPath(environment: ["HOME": home]) == homeFile)
        #expect(
            EnvironmentsFile.userConfigurationPath(environment: ["HOME": home, "XDG_CONFIG_HOME": configHome])
                == xdgFile)
        // A relative XDG_CONFIG_HOME is ignored, as the XDG rules say.
        #expect(
            EnvironmentsFile.userConfigurationPath(environment: ["HOME": home, "XDG_CONFIG_HOME": "config"])
                == homeFile)

        // A configuration file that does not exist is no file.
        #expect(EnvironmentsFile.locate(environment: ["HOME": home]) == nil)
        try write(#"{"environments": {}}"#, to: homeFile)
        #expect(
            EnvironmentsFile.locate(environment: ["HOME": home])
                == EnvironmentsFileLocation(path: homeFile, origin: .userConfiguration))
        try write(#"{"environments": {}}"#, to: xdgFile)
        #expect(
            EnvironmentsFile.locate(environment: ["HOME": home, "XDG_CONFIG_HOME": configHome])
                == EnvironmentsFileLocation(path: xdgFile, origin: .userConfiguration))
        #expect(
            EnvironmentsFile.locate(environment: ["HOME": home, "EASEL_ENVIRONMENTS": named])
                == EnvironmentsFileLocation(path: named, origin: .variable))
        #expect(
            EnvironmentsFile.locate(explicitPath: "x.json", environment: ["HOME": home, "EASEL_ENVIRONMENTS": named])
                == EnvironmentsFileLocation(path: "x.json", origin: .commandLine))
    }

    @Test func aFileInTheStateFolderIsNeverRead() throws {
        let configHome = try temporaryDirectory()
        let state = try temporaryDirectory() + "/.easel"
        try write(
            #"{"environments": {"prod": {"base_url": "https://attacker.example.com", "token_env": "PROD_TOKEN"}}}"#,
            to: state + "/environments.json", mode: 0o600)
        let refused = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(
                environmentName: "prod", baseURL: nil, stateDirectory: state, environment: userEnvironment(configHome))
        }
        let message = refused?.description ?? ""
        #expect(message.contains("\(state)/environments.json is not read"), "\(message)")
        #expect(message.contains(configHome + "/easel/environments.json"), "\(message)")
        #expect(!message.contains("attacker"))
        #expect(
            try CanvasTarget.resolve(
                environmentName: "sandbox", baseURL: nil, stateDirectory: state,
                environment: userEnvironment(configHome)) == .sandbox)

        // The user's own file decides, even with one in the state folder.
        try write(
            #"{"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"}}}"#,
            to: configHome + "/easel/environments.json")
        let target = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, stateDirectory: state, environment: userEnvironment(configHome))
        guard case .environment(let prod) = target else {
            Issue.record("expected an environment, got \(target)")
            return
        }
        #expect(prod.baseURL == "https://school.instructure.com")
    }

    @Test func aRepositorysFileMayNameHostsButNotTokenSources() throws {
        let repository = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: repository + "/.git", withIntermediateDirectories: true)
        let path = repository + "/jobs/environments.json"
        try write(
            #"{"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"}, "#
                + #""test": {"base_url": "https://school.test.instructure.com"}}}"#,
            to: path, mode: 0o644)
        #expect(GitWorkTree.root(containing: path) == URL(fileURLWithPath: repository).resolvingSymlinksInPath().path)

        let refused = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(
                environmentName: "test", baseURL: nil, environmentsPath: path, environment: [:])
        }
        let message = refused?.description ?? ""
        #expect(message.contains("inside the git work tree"), "\(message)")
        #expect(message.contains("environment 'prod' sets token_env or token_file"), "\(message)")
        #expect(message.contains("--trust-environments"), "\(message)")

        let trusted = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environmentsPath: path, trustsEnvironments: true, environment: [:])
        guard case .environment(let prod) = trusted else {
            Issue.record("expected an environment, got \(trusted)")
            return
        }
        #expect(prod.tokenSources == [.variable("PROD_TOKEN")])

        // The user's own setting is trusted: $EASEL_ENVIRONMENTS names a file the user chose.
        let named = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environment: ["EASEL_ENVIRONMENTS": path])
        #expect(named == trusted)

        // Hosts alone are allowed; the token then comes from CANVAS_TOKEN, as with --base-url.
        try write(#"{"environments": {"test": {"base_url": "https://school.test.instructure.com"}}}"#, to: path)
        let hostOnly = try CanvasTarget.resolve(
            environmentName: "test", baseURL: nil, environmentsPath: path, environment: [:])
        guard case .environment(let test) = hostOnly else {
            Issue.record("expected an environment, got \(hostOnly)")
            return
        }
        #expect(test.tokenSources == [.variable(CanvasTarget.tokenVariable)])
        #expect(try test.resolveTokens(environment: ["CANVAS_TOKEN": "t"]) == [CanvasToken("t")])

        // Nor may it lift the production confirmation from a production host.
        try write(
            #"{"environments": {"live": {"base_url": "https://school.instructure.com", "production": false}}}"#,
            to: path)
        let lowered = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: "live", baseURL: nil, environmentsPath: path, environment: [:])
        }
        #expect(lowered?.description.contains(#"says "production": false for https://school.instructure.com"#) == true)
        let trustedLive = try CanvasTarget.resolve(
            environmentName: "live", baseURL: nil, environmentsPath: path, trustsEnvironments: true, environment: [:])
        #expect(trustedLive != .sandbox)

        // Outside a work tree, a named file may set token sources.
        let plain = try temporaryDirectory() + "/environments.json"
        try write(
            #"{"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"}}}"#,
            to: plain)
        #expect(GitWorkTree.root(containing: plain) == nil)
        let outside = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environmentsPath: plain, environment: [:])
        guard case .environment(let outsideProd) = outside else {
            Issue.record("expected an environment, got \(outside)")
            return
        }
        #expect(outsideProd.tokenSources == [.variable("PROD_TOKEN")])
    }

    @Test(arguments: [Int16(0o664), 0o646, 0o666, 0o620])
    func anEnvironmentsFileOthersCanWriteIsRefused(mode: Int16) throws {
        let configHome = try temporaryDirectory()
        let path = configHome + "/easel/environments.json"
        try write(
            #"{"environments": {"prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"}}}"#,
            to: path, mode: mode)
        for (environmentsPath, environment) in [(nil, userEnvironment(configHome)), (path, [:])] {
            let refused = #expect(throws: CanvasError.self) {
                try CanvasTarget.resolve(
                    environmentName: "prod", baseURL: nil, environmentsPath: environmentsPath,
                    environment: environment)
            }
            #expect(
                refused?.description.contains("is writable by group or others") == true,
                "\(String(describing: refused))")
            #expect(refused?.description.hasSuffix("fix it with: chmod go-w \(path)") == true)
        }
        try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: Int16(0o644))], ofItemAtPath: path)
        let allowed = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environment: userEnvironment(configHome))
        #expect(allowed != .sandbox)
    }

    @Test(.enabled(if: geteuid() == 0, "only root can give a file to another user"))
    func anEnvironmentsFileOfAnotherUserIsRefused() throws {
        let configHome = try temporaryDirectory()
        let path = configHome + "/easel/environments.json"
        try write(#"{"environments": {"prod": {"base_url": "https://school.instructure.com"}}}"#, to: path)
        #expect(chown(path, 4242, 4242) == 0)
        let refused = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: "prod", baseURL: nil, environment: userEnvironment(configHome))
        }
        #expect(refused?.description.contains("belongs to user 4242") == true, "\(String(describing: refused))")
        #expect(refused?.description.contains("chown \(geteuid()) \(path)") == true)
    }

    // Only root can give a file to another user, and a file of root's own is accepted (root can rewrite any file
    // anyway), so a test run by anyone else cannot make a token file that belongs to someone else.
    @Test(.enabled(if: geteuid() == 0, "only root can give a file to another user"))
    func aTokenFileOfAnotherUserIsRefused() throws {
        let directory = try temporaryDirectory()
        let token = UUID().uuidString
        let tokenPath = directory + "/prod.token"
        try write(token + "\n", to: tokenPath, mode: 0o600)
        #expect(chown(tokenPath, 4242, 4242) == 0)
        let environment = CanvasEnvironment(
            name: "prod", baseURL: "https://school.instructure.com", tokenSources: [.file(tokenPath)])
        let refused = #expect(throws: CanvasError.self) { try environment.resolveTokens(environment: [:]) }
        let message = refused?.description ?? ""
        #expect(message.contains("environment 'prod': the token file \(tokenPath) belongs to user 4242"), "\(message)")
        #expect(message.contains("make it yours with: chown \(geteuid()) \(tokenPath)"), "\(message)")
        #expect(!message.contains(token))
        // Given back to the user, the same file is read.
        #expect(chown(tokenPath, geteuid(), getegid()) == 0)
        #expect(try environment.resolveTokens(environment: [:]) == [CanvasToken(token)])
    }

    @Test(arguments: [Int16(0o644), 0o640, 0o604, 0o660])
    func aTokenFileOthersCanReadIsRefused(mode: Int16) throws {
        let directory = try temporaryDirectory()
        let token = UUID().uuidString
        let tokenPath = directory + "/prod.token"
        try write(token + "\n", to: tokenPath, mode: mode)
        let environment = CanvasEnvironment(
            name: "prod", baseURL: "https://school.instructure.com", tokenSources: [.file(tokenPath)])
        let refused = #expect(throws: CanvasError.self) { try environment.resolveTokens(environment: [:]) }
        let message = refused?.description ?? ""
        #expect(message.contains("is open to group or others"), "\(message)")
        #expect(message.hasSuffix("fix it with: chmod 600 \(tokenPath)"), "\(message)")
        #expect(!message.contains(token))
        try FileManager.default.setAttributes(
            [.posixPermissions: NSNumber(value: Int16(0o600))], ofItemAtPath: tokenPath)
        #expect(try environment.resolveTokens(environment: [:]) == [CanvasToken(token)])
    }

    @Test func baseURLTakesTheTokenFromCanvasToken() throws {
        let target = try CanvasTarget.resolve(
            environmentName: nil, baseURL: "https://school.test.instructure.com", environment: [:])
        #expect(
            target
                == .environment(
                    CanvasEnvironment(
                        name: "school.test.instructure.com", baseURL: "https://school.test.instructure.com",
                        tokenSources: [.variable("CANVAS_TOKEN")])))
        #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: nil, baseURL: "http://canvas.example.edu", environment: [:])
        }
        #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: "a", baseURL: "https://x.test.y", environment: [:])
        }
    }

    @Test func neitherFlagMeansTheSandbox() throws {
        let empty = try temporaryDirectory()
        #expect(try CanvasTarget.resolve(environmentName: nil, baseURL: nil, stateDirectory: empty) == .sandbox)
        #expect(
            try CanvasTarget.resolve(
                environmentName: "sandbox", baseURL: nil, stateDirectory: empty, environment: userEnvironment(empty))
                == .sandbox)
    }

    @Test func aTokenInTheFileIsRefused() {
        let json = #"{"environments": {"p": {"base_url": "https://a.b", "token_env": "T", "token": "secret"}}}"#
        #expect(throws: CanvasError.self) { try EnvironmentsFile.parse(Array(json.utf8), source: "environments.json") }
    }

    @Test func plainHTTPIsRefusedExceptForLoopback() {
        #expect(throws: CanvasError.self) {
            try CanvasClient(
                configuration: CanvasClientConfiguration(
                    baseURL: "http://canvas.example.edu", tokens: [CanvasToken("t")]))
        }
        #expect(throws: CanvasError.self) {
            try CanvasClient(
                configuration: CanvasClientConfiguration(baseURL: "https://canvas.example.edu", tokens: []))
        }
    }
}
