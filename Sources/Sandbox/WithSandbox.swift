/// Starts a sandbox, runs `body` with it, and stops it whether `body` returns or throws.
///
/// Port 0 (the default) picks free ports; the real ones are in the ``RunningSandbox`` given to `body`.
/// ```swift
/// try await withSandbox(SandboxConfiguration()) { sandbox in try await check(sandbox.baseURL, sandbox.token) }
/// ```
@discardableResult
public func withSandbox<Value>(
    _ configuration: SandboxConfiguration = SandboxConfiguration(),
    isolation: isolated (any Actor)? = #isolation,
    _ body: (RunningSandbox) async throws -> Value
) async throws -> Value {
    let server = try SandboxServer(configuration: configuration)
    let (ready, readyContinuation) = AsyncStream.makeStream(of: RunningSandbox.self)
    return try await withThrowingTaskGroup(of: Void.self, returning: Value.self) { group in
        group.addTask {
            defer { readyContinuation.finish() }
            try await server.run { running in readyContinuation.yield(running) }
        }
        var iterator = ready.makeAsyncIterator()
        guard let running = await iterator.next() else {
            // The server stopped before listening: report why.
            try await group.waitForAll()
            throw SandboxStartError.stoppedBeforeListening
        }
        let value: Value
        do {
            value = try await body(running)
        } catch {
            await server.shutdown()
            try? await group.waitForAll()
            throw error
        }
        await server.shutdown()
        try await group.waitForAll()
        return value
    }
}

/// Runs a sandbox until the task is cancelled, calling `onReady` once it listens (for `easel sandbox`);
/// cancellation stops it gracefully and returns normally.
public func runSandbox(
    _ configuration: SandboxConfiguration,
    onReady: @escaping @Sendable (RunningSandbox) async throws -> Void
) async throws {
    let server = try SandboxServer(configuration: configuration)
    // The listeners run in their own task: cancelling them would cut open connections, so the caller's
    // cancellation asks for a graceful shutdown instead, and waits for it.
    let listening = Task { try await server.run(onReady: onReady) }
    try await withTaskCancellationHandler {
        try await listening.value
    } onCancel: {
        Task { await server.shutdown() }
    }
}

/// Why a sandbox could not start.
public enum SandboxStartError: Error, Sendable, CustomStringConvertible {
    /// The listeners stopped before binding their ports.
    case stoppedBeforeListening

    /// A message for the person who started the sandbox.
    public var description: String {
        switch self {
        case .stoppedBeforeListening: "the sandbox stopped before it could listen"
        }
    }
}
