import EaselTestSupport
import Foundation
import JSONValues
import Testing

extension CommandLineTests {
    /// `easel env check` against an `easel sandbox` started as its own process.
    @Suite struct EnvCheckTests {
        @Test func namesTheUserTheHostAndWhetherItIsProduction() async throws {
            let token = randomCanvasToken()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try await SandboxCommandTests.withSandboxProcess(tokens: [token], in: folder) { baseURL in
                let port = try #require(URL(string: baseURL)?.port)
                let text = try await EaselProcess.run(
                    ["env", "check", "--base-url", baseURL], in: folder.url, environment: ["CANVAS_TOKEN": token])
                #expect(text.status == 0, "\(text)")
                let json = try await EaselProcess.run(
                    ["env", "check", "--base-url", baseURL, "--format", "json"], in: folder.url,
                    environment: ["CANVAS_TOKEN": token])
                #expect(json.status == 0, "\(json)")
                let report = try JSONValue(parsing: json.stdout)
                #expect(report["host"] == "127.0.0.1")
                #expect(report["production"] == false)
                #expect(report["user"]?["id"] == 1)
                let name = try #require(report["user"]?["name"]?.stringValue)
                #expect(!name.isEmpty)
                #expect(text.stdout.contains("host:        127.0.0.1"), "\(text)")
                #expect(text.stdout.contains("production:  no"), "\(text)")
                #expect(text.stdout.contains("token of:    \(name) (user 1"), "\(text)")
                for output in [text.stdout, text.stderr, json.stdout, json.stderr] { #expect(!output.contains(token)) }

                // The same host named production in an environments file says so.
                try folder.write(
                    "environments.json",
                    #"{"environments": {"live": {"base_url": "\#(baseURL)", "token_env": "LIVE_TOKEN", "production": true}}}"#
                )
                let live = try await EaselProcess.run(
                    ["env", "check", "--env", "live", "--environments", "environments.json"], in: folder.url,
                    environment: ["LIVE_TOKEN": token])
                #expect(live.status == 0, "\(live)")
                #expect(live.stdout.contains("environment: live"), "\(live)")
                #expect(live.stdout.contains("production:  yes"), "\(live)")
                #expect(port > 0)
            }
        }

        @Test func aWrongTokenIsAnErrorThatDoesNotEchoIt() async throws {
            let token = randomCanvasToken()
            let wrong = randomCanvasToken()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try await SandboxCommandTests.withSandboxProcess(tokens: [token], in: folder) { baseURL in
                let result = try await EaselProcess.run(
                    ["env", "check", "--base-url", baseURL], in: folder.url, environment: ["CANVAS_TOKEN": wrong])
                #expect(result.status == 77, "a token Canvas refuses exits 77: \(result)")
                let lines = result.stderr.split(separator: "\n")
                #expect(lines.first?.hasPrefix("Canvas: 127.0.0.1:") == true, "\(result)")
                #expect(lines.dropFirst().first?.hasPrefix("error: ") == true, "\(result)")
                #expect(!result.stderr.contains(wrong) && !result.stdout.contains(wrong))
            }
        }
    }
}
