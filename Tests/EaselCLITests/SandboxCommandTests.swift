import Canvas
import EaselTestSupport
import Foundation
import Logging
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension CommandLineTests {
    /// `easel sandbox` as its own process: it serves until interrupted, then stops cleanly and frees its port.
    @Suite struct SandboxCommandTests {
        /// Starts `easel sandbox --port 0` and waits until it listens.
        static func startSandbox(tokens: [String], in folder: TemporaryFolder) async throws -> (EaselProcess, String) {
            let readyFile = folder.path("sandbox-\(UUID().uuidString).url")
            let arguments =
                ["sandbox", "--port", "0", "--seed", "demo", "--ready-file", readyFile]
                + tokens.flatMap { ["--token", $0] }
            let process = try EaselProcess(arguments, in: folder.url)
            for _ in 0..<1_200 {
                if let text = try? String(contentsOfFile: readyFile, encoding: .utf8), text.hasSuffix("\n") {
                    return (process, text.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                guard process.process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            kill(process.pid, SIGKILL)
            let result = await process.finish()
            throw SandboxDidNotStart(output: result.description)
        }

        struct SandboxDidNotStart: Error, CustomStringConvertible {
            var output: String
            var description: String { "easel sandbox did not start:\n\(output)" }
        }

        /// Runs `body` with the base URL of an `easel sandbox` process, stopped with SIGTERM afterwards.
        static func withSandboxProcess(
            tokens: [String], in folder: TemporaryFolder, _ body: (String) async throws -> Void
        ) async throws {
            let (process, baseURL) = try await startSandbox(tokens: tokens, in: folder)
            do {
                try await body(baseURL)
            } catch {
                kill(process.pid, SIGTERM)
                _ = await process.finish()
                throw error
            }
            kill(process.pid, SIGTERM)
            let result = await process.finish()
            #expect(result.status == 0, "\(result)")
        }

        /// Whether something accepts TCP connections on the loopback port.
        static func isListening(on port: Int) -> Bool {
            withLoopbackSocket(port: port) { socket, address, length in connect(socket, address, length) == 0 }
        }

        /// Whether a new server could listen on the loopback port.
        static func canBind(_ port: Int) -> Bool {
            withLoopbackSocket(port: port) { socket, address, length in
                var reuse: Int32 = 1
                setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
                return bind(socket, address, length) == 0 && listen(socket, 1) == 0
            }
        }

        /// Calls `body` with a new TCP socket and the address of the loopback port, and closes the socket.
        private static func withLoopbackSocket(
            port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool
        ) -> Bool {
            #if canImport(Glibc)
                let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            #else
                let socket = Darwin.socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard socket >= 0 else { return false }
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    body(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }

        @Test(arguments: [SIGINT, SIGTERM])
        func stopsCleanlyOnASignalAndFreesItsPort(_ signal: Int32) async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let token = randomCanvasToken()
            let (process, baseURL) = try await Self.startSandbox(tokens: [token], in: folder)
            let port = try #require(URL(string: baseURL)?.port)
            #expect(Self.isListening(on: port))
            // It serves Canvas's API to the token it was given.
            let configuration = CanvasClientConfiguration(baseURL: baseURL, tokens: [CanvasToken(token)])
            let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            let identity = try await withCanvasClient(configuration) { client in
                try await client.identity(logger: logger)
            }
            #expect(identity.id == 1)

            kill(process.pid, signal)
            let result = await process.finish(within: .seconds(60))
            #expect(!result.endedBySignal, "\(result)")
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Canvas sandbox listening on \(baseURL)"), "\(result)")
            #expect(result.stdout.hasSuffix("Sandbox stopped.\n"), "\(result)")
            #expect(result.stderr.isEmpty, "\(result)")
            #expect(!Self.isListening(on: port))
            #expect(Self.canBind(port), "port \(port) is still taken")
            #expect(folder.allFiles().allSatisfy { !$0.hasSuffix(".url") }, "the ready file is left behind")
        }
    }
}
