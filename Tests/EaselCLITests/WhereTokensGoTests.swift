import EaselTestSupport
import Foundation
import JSONValues
import Sandbox
import Testing

extension CommandLineTests {
    /// A token goes only to a host the user chose: environments come from the user's own file, never from the
    /// folder a job came from, and a repository's file named on the command line may not choose token sources.
    @Suite struct WhereTokensGoTests {
        /// Two servers that both accept the user's token: `chosen`, where the user's own file sends `prod`, and
        /// `other`, where the job folder's `.easel/environments.json` would send it.
        struct Servers {
            var token: String
            var chosen: RunningSandbox
            var other: RunningSandbox
            /// The job's folder, a git work tree with its own `.easel/environments.json`.
            var job: TemporaryFolder
            /// The user's configuration folder (`XDG_CONFIG_HOME`), with `easel/environments.json`.
            var configuration: TemporaryFolder

            var userFile: String { configuration.path("easel/environments.json") }

            /// The environment of an `easel` that reads the user's configuration, with the token in PROD_TOKEN.
            var environment: [String: String] { ["XDG_CONFIG_HOME": configuration.url.path, "PROD_TOKEN": token] }

            func run(_ arguments: [String], environment extra: [String: String] = [:]) async throws -> EaselResult {
                try await EaselProcess.run(
                    arguments, in: job.url, environment: environment.merging(extra) { _, new in new })
            }
        }

        static func host(_ sandbox: RunningSandbox) -> String { "127.0.0.1:\(sandbox.port)" }

        /// Every request the sandbox received, whatever its token, counted before it is authenticated.
        static func requests(to sandbox: RunningSandbox) async throws -> Int {
            try #require(try await SandboxControl.stats(of: sandbox)["total_requests"]?.intValue)
        }

        static func environmentsJSON(_ baseURL: String, _ token: String) -> String {
            #"{"environments": {"prod": {"base_url": "\#(baseURL)", \#(token), "production": false}}}"#
        }

        static func withServers(_ body: (Servers) async throws -> Void) async throws {
            let token = randomCanvasToken()
            var configuration = SandboxConfiguration()
            configuration.tokens = [token]
            let job = try TemporaryFolder(CLIJobs.courses(rows: 2, prefix: "WT"))
            let user = try TemporaryFolder()
            defer {
                job.remove()
                user.remove()
            }
            try await withSandbox(configuration) { chosen in
                try await withSandbox(configuration) { other in
                    try FileManager.default.createDirectory(
                        at: job.url.appendingPathComponent(".git"), withIntermediateDirectories: true)
                    try job.write(
                        ".easel/environments.json", environmentsJSON(other.baseURL, #""token_env": "PROD_TOKEN""#))
                    try user.write(
                        "easel/environments.json", environmentsJSON(chosen.baseURL, #""token_env": "PROD_TOKEN""#))
                    try setMode(0o600, of: user.path("easel/environments.json"))
                    try await body(Servers(token: token, chosen: chosen, other: other, job: job, configuration: user))
                }
            }
        }

        static func setMode(_ mode: Int16, of path: String) throws {
            try FileManager.default.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: path)
        }

        static func firstLine(_ text: String) -> String { String(text.split(separator: "\n").first ?? "") }

        @Test func aJobFoldersEnvironmentsFileIsIgnored() async throws {
            try await Self.withServers { servers in
                let plan = try await servers.run(["plan", "job.yaml", "--env", "prod"])
                #expect(plan.status == 0, "\(plan)")
                #expect(
                    Self.firstLine(plan.stderr)
                        == "Canvas: \(Self.host(servers.chosen)) (not production), environment prod from "
                        + "\(servers.userFile); token from $PROD_TOKEN",
                    "\(plan)")
                #expect(plan.stdout.contains("Environment: prod — \(Self.host(servers.chosen))"), "\(plan)")
                let check = try await servers.run(["env", "check", "--env", "prod"])
                #expect(check.status == 0, "\(check)")
                #expect(try await Self.requests(to: servers.chosen) > 0)

                // Without a file of the user's own, the job folder's file is still not read: an error says so.
                let without = try await servers.run(
                    ["plan", "job.yaml", "--env", "prod"],
                    environment: ["XDG_CONFIG_HOME": servers.configuration.path("nothing-here")])
                #expect(without.status == 64, "\(without)")
                #expect(without.stderr.contains(".easel/environments.json is not read"), "\(without)")
                #expect(try await Self.requests(to: servers.other) == 0)
                for output in [plan.stdout, plan.stderr, check.stdout, check.stderr, without.stderr] {
                    #expect(!output.contains(servers.token))
                }
            }
        }

        @Test func aRepositorysFileNamedOnTheCommandLineMayNotChooseTheToken() async throws {
            try await Self.withServers { servers in
                let named = ["plan", "job.yaml", "--env", "prod", "--environments", ".easel/environments.json"]
                let refused = try await servers.run(named)
                #expect(refused.status == 64, "\(refused)")
                #expect(refused.stderr.contains("is inside the git work tree"), "\(refused)")
                #expect(refused.stderr.contains("environment 'prod' sets token_env or token_file"), "\(refused)")
                #expect(refused.stderr.contains("--trust-environments"), "\(refused)")
                #expect(try await Self.requests(to: servers.other) == 0)

                // Trusted, the same file is used, and Easel says which file and which host before the first request.
                let trusted = try await servers.run(named + ["--trust-environments"])
                #expect(trusted.status == 0, "\(trusted)")
                #expect(
                    Self.firstLine(trusted.stderr)
                        == "Canvas: \(Self.host(servers.other)) (not production), environment prod from "
                        + ".easel/environments.json; token from $PROD_TOKEN",
                    "\(trusted)")
                #expect(try await Self.requests(to: servers.other) > 0)
                #expect(try await Self.requests(to: servers.chosen) == 0)
            }
        }

        @Test func aGroupWritableEnvironmentsFileIsRefused() async throws {
            try await Self.withServers { servers in
                try Self.setMode(0o664, of: servers.userFile)
                let refused = try await servers.run(["plan", "job.yaml", "--env", "prod"])
                #expect(refused.status == 64, "\(refused)")
                #expect(
                    refused.stderr.hasPrefix(
                        "error: the environments file \(servers.userFile) is writable by group or "
                            + "others (mode 0664)"), "\(refused)")
                #expect(refused.stderr.contains("fix it with: chmod go-w \(servers.userFile)"), "\(refused)")
                #expect(try await Self.requests(to: servers.chosen) == 0)
                #expect(try await Self.requests(to: servers.other) == 0)
                try Self.setMode(0o644, of: servers.userFile)
                let fixed = try await servers.run(["plan", "job.yaml", "--env", "prod"])
                #expect(fixed.status == 0, "\(fixed)")
            }
        }

        @Test func theUsersOwnFileWorksWithNoFlagsAndATokenFile() async throws {
            try await Self.withServers { servers in
                try servers.configuration.write("easel/prod.token", "# the user's token\n\(servers.token)\n")
                let tokenPath = servers.configuration.path("easel/prod.token")
                try Self.setMode(0o600, of: tokenPath)
                try servers.configuration.write(
                    "easel/environments.json",
                    Self.environmentsJSON(servers.chosen.baseURL, #""token_file": "prod.token""#))
                try Self.setMode(0o600, of: servers.userFile)
                let check = try await servers.run(["env", "check", "--env", "prod", "--format", "json"])
                #expect(check.status == 0, "\(check)")
                let report = try JSONValue(parsing: check.stdout)
                #expect(report["environment"] == "prod")
                #expect(report["environments_file"]?.stringValue == servers.userFile)
                #expect(report["user"]?["id"] == 1)
                #expect(Self.firstLine(check.stderr).hasSuffix("; token from token file \(tokenPath)"), "\(check)")
                let plan = try await servers.run(["plan", "job.yaml", "--env", "prod", "--format", "json"])
                #expect(plan.status == 0, "\(plan)")
                #expect(
                    try JSONValue(parsing: plan.stdout)["header"]?["host"]?.stringValue == Self.host(servers.chosen))

                // A token file others can read is refused, with the chmod that fixes it.
                try Self.setMode(0o644, of: tokenPath)
                let before = try await Self.requests(to: servers.chosen)
                let refused = try await servers.run(["plan", "job.yaml", "--env", "prod"])
                #expect(refused.status == 64, "\(refused)")
                #expect(refused.stderr.contains("fix it with: chmod 600 \(tokenPath)"), "\(refused)")
                #expect(!refused.stderr.contains(servers.token))
                #expect(try await Self.requests(to: servers.chosen) == before)
                #expect(try await Self.requests(to: servers.other) == 0)
            }
        }

        @Test func everyCommandThatTalksToCanvasNamesTheHostFirst() async throws {
            let folder = try TemporaryFolder(CLIJobs.coursesSectionsAndAFailure(prefix: "HF"))
            defer { folder.remove() }
            let token = randomCanvasToken()
            var configuration = SandboxConfiguration()
            configuration.tokens = [token]
            try await withSandbox(configuration) { sandbox in
                let host = Self.host(sandbox)
                let target = ["--base-url", sandbox.baseURL]
                let expected = "Canvas: \(host) (not production), from --base-url; token from $CANVAS_TOKEN"
                let commands: [([String], Int32)] = [
                    (["plan", "job.yaml"], 0),
                    (["plan", "job.yaml", "--format", "json"], 0),
                    (["apply", "job.yaml", "--auto-approve", "--format", "json"], 1),
                    (["resume", "latest", "--format", "json"], 1),
                    (["apply", "job.yaml", "--auto-approve"], 1),
                    // A saved plan of what is left: the request that fails.
                    (["plan", "job.yaml", "--out", "plan.json"], 0),
                    (["apply", "plan.json", "--auto-approve"], 1),
                    (["undo", "latest"], 0),
                    (["undo", "latest", "--format", "json"], 0),
                    (["env", "check"], 0),
                ]
                for (arguments, status) in commands {
                    let result = try await EaselProcess.run(
                        arguments + target, in: folder.url, environment: ["CANVAS_TOKEN": token])
                    #expect(result.status == status, "\(arguments): \(result)")
                    #expect(Self.firstLine(result.stderr) == expected, "\(arguments): \(result)")
                    guard arguments.contains("json") else { continue }
                    let json = try JSONValue(parsing: result.stdout)
                    #expect((json["host"] ?? json["header"]?["host"])?.stringValue == host, "\(arguments): \(result)")
                }
                let sandboxPlan = try await EaselProcess.run(["plan", "job.yaml"], in: folder.url)
                #expect(
                    Self.firstLine(sandboxPlan.stderr)
                        == "Canvas: built-in sandbox (environment sandbox, not production)",
                    "\(sandboxPlan)")
            }
        }
    }
}
