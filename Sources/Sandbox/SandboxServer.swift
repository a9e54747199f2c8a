import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The sandbox's two listeners, the API and the upload endpoint, over one store, in one service group so that
/// they stop together and gracefully.
struct SandboxServer: Sendable {
    let configuration: SandboxConfiguration
    let tokens: [String]
    let store: SandboxStore
    let traffic: SandboxTraffic
    private let serviceGroup: ServiceGroup
    private let ports: AsyncStream<(String, Int)>
    private let portContinuation: AsyncStream<(String, Int)>.Continuation

    /// Prepares the state (seeded, or loaded from the state file) and the listeners; nothing listens yet.
    init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        tokens = configuration.tokens.isEmpty ? [Self.generatedToken()] : configuration.tokens
        let persistence = try configuration.statePath.map { try StatePersistence(path: $0) }
        store = try SandboxStore(configuration: configuration, tokens: tokens, persistence: persistence)
        traffic = SandboxTraffic(
            throttle: configuration.throttle, faults: configuration.faults, randomSeed: configuration.randomSeed,
            clock: configuration.clock)
        let (ports, portContinuation) = AsyncStream.makeStream(of: (String, Int).self)
        self.ports = ports
        self.portContinuation = portContinuation
        func onRunning(_ name: String) -> @Sendable (any Channel) async -> Void {
            { channel in portContinuation.yield((name, channel.localAddress?.port ?? 0)) }
        }
        let api = Application(
            responder: SandboxAPIResponder(
                store: store, traffic: traffic, configuration: configuration, tokens: tokens),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: onRunning("api"), logger: configuration.logger
        )
        let upload = Application(
            responder: SandboxUploadResponder(store: store, tokens: tokens),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: 0)),
            onServerRunning: onRunning("upload"), logger: configuration.logger
        )
        serviceGroup = ServiceGroup(configuration: .init(services: [api, upload], logger: configuration.logger))
    }

    /// A random token shaped like Canvas's (`<id>~<64 characters>`).
    static func generatedToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        let secret = String((0..<64).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        return "1~" + secret
    }

    /// Listens until ``shutdown()``; calls `onReady` once both ports are bound.
    func run(onReady: @escaping @Sendable (RunningSandbox) async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [serviceGroup, portContinuation] in
                defer { portContinuation.finish() }
                try await serviceGroup.run()
            }
            group.addTask { [ports, store, tokens, host = configuration.host] in
                var bound: [String: Int] = [:]
                for await (name, port) in ports {
                    bound[name] = port
                    if bound.count == 2 { break }
                }
                guard let apiPort = bound["api"], let uploadPort = bound["upload"] else { return }
                let urlHost = host.contains(":") ? "[\(host)]" : host
                let running = RunningSandbox(
                    baseURL: "http://\(urlHost):\(apiPort)", uploadBaseURL: "http://\(urlHost):\(uploadPort)",
                    port: apiPort, uploadPort: uploadPort, tokens: tokens)
                await store.setBaseURLs(api: running.baseURL, upload: running.uploadBaseURL)
                do {
                    try await onReady(running)
                } catch {
                    await shutdown()
                    throw error
                }
            }
            try await group.waitForAll()
        }
    }

    /// Stops listening: open connections finish their request, then close.
    func shutdown() async {
        await serviceGroup.triggerGracefulShutdown()
    }
}
