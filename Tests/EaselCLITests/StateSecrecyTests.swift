import EaselTestSupport
import Foundation
import Sandbox
import Testing

extension CommandLineTests {
    /// The token Easel sends is in no file it writes: the journal (SQLite and its side files), request logs, results,
    /// saved plans, the copy of the job; nor in anything it prints.
    @Suite struct StateSecrecyTests {
        @Test func noFileEaselWritesHoldsTheToken() async throws {
            let folder = try TemporaryFolder(CLIJobs.coursesSectionsAndAFailure(prefix: "ST"))
            defer { folder.remove() }
            let token = randomCanvasToken()
            var configuration = SandboxConfiguration()
            configuration.seed = .empty
            configuration.tokens = [token]
            var outputs: [String] = []
            try await withSandbox(configuration) { sandbox in
                let target = ["--base-url", sandbox.baseURL, "--state-dir", ".easel"]
                let environment = ["CANVAS_TOKEN": token]
                let commands: [([String], Int32)] = [
                    (["plan", "job.yaml", "--out", "plan.json"] + target, 0),
                    (["apply", "job.yaml", "--auto-approve"] + target, 1),
                    (["apply", "plan.json", "--auto-approve"] + target, 1),
                    (["resume", "latest"] + target, 1),
                    (["runs"] + target.suffix(2), 0),
                    (["show", "latest", "--format", "json"] + target.suffix(2), 0),
                ]
                for (arguments, expected) in commands {
                    let result = try await EaselProcess.run(arguments, in: folder.url, environment: environment)
                    #expect(result.status == expected, "\(arguments): \(result)")
                    outputs += [result.stdout, result.stderr]
                }
            }
            // Every file in the job's folder and the state folder under it.
            let files = folder.allFiles()
            #expect(files.contains(".easel/journal.sqlite"), "\(files)")
            #expect(files.contains("plan.json"))
            #expect(files.contains { $0.hasSuffix("/requests.jsonl") }, "\(files)")
            #expect(files.contains { $0.hasSuffix("/results.csv") }, "\(files)")
            #expect(files.contains { $0.hasSuffix("/job.yaml") }, "\(files)")
            let requestLogs = files.filter { $0.hasSuffix("/requests.jsonl") }
            #expect(try requestLogs.contains { try !folder.read($0).isEmpty }, "no request was logged")

            let secret = Array(token.utf8)
            let body = Array(token.utf8.drop { $0 != UInt8(ascii: "~") }.dropFirst())
            for file in files {
                let bytes = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent(file)))
                #expect(!Self.bytes(bytes, contain: secret), "\(file) holds the token")
                #expect(!Self.bytes(bytes, contain: body), "\(file) holds the token without its shard")
            }
            for output in outputs { #expect(!output.contains(token)) }
        }

        static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
            guard !needle.isEmpty, haystack.count >= needle.count else { return false }
            for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
                if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
            }
            return false
        }
    }
}
