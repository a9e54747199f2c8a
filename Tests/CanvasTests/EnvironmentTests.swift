import Canvas
import Foundation
import Testing

@Suite struct EnvironmentTests {
    private func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "easel-env-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
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

    @Test func fileEnvironmentsResolveWithTheirTokens() throws {
        let directory = try temporaryDirectory()
        let token = UUID().uuidString
        try "# test token\n\(token)\n".write(toFile: directory + "/test.token", atomically: true, encoding: .utf8)
        let json = """
            {"environments": {
              "prod": {"base_url": "https://school.instructure.com", "token_env": "PROD_TOKEN"},
              "test": {"base_url": "https://school.test.instructure.com", "token_file": "test.token"},
              "staging": {"base_url": "https://staging.example.edu", "token_env": "X", "production": false}
            }}
            """
        try json.write(toFile: directory + "/environments.json", atomically: true, encoding: .utf8)

        let target = try CanvasTarget.resolve(
            environmentName: "test", baseURL: nil, stateDirectory: directory, environment: [:])
        guard case .environment(let test) = target else {
            Issue.record("expected an environment, got \(target)")
            return
        }
        #expect(!test.isProduction)
        let configuration = try test.clientConfiguration(environment: [:])
        #expect(configuration.tokens == [CanvasToken(token)])
        #expect(configuration.userAgent.hasPrefix("Easel/"))

        let staging = try CanvasTarget.resolve(
            environmentName: "staging", baseURL: nil, environmentsPath: directory + "/environments.json",
            environment: [:])
        #expect(
            staging
                == .environment(
                    CanvasEnvironment(
                        name: "staging", baseURL: "https://staging.example.edu", tokenSources: [.variable("X")],
                        declaredProduction: false)))

        let prod = try CanvasTarget.resolve(
            environmentName: "prod", baseURL: nil, environment: ["EASEL_ENVIRONMENTS": directory + "/environments.json"]
        )
        guard case .environment(let production) = prod else {
            Issue.record("expected an environment")
            return
        }
        #expect(production.isProduction)
        #expect(throws: CanvasError.self) { try production.resolveTokens(environment: [:]) }
        #expect(try production.resolveTokens(environment: ["PROD_TOKEN": " abc \n"]) == [CanvasToken("abc")])

        let unknown = #expect(throws: CanvasError.self) {
            try CanvasTarget.resolve(environmentName: "prdo", baseURL: nil, stateDirectory: directory, environment: [:])
        }
        #expect(unknown?.description.contains("prod, test, staging") == true)
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
            try CanvasTarget.resolve(environmentName: "sandbox", baseURL: nil, stateDirectory: empty, environment: [:])
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
