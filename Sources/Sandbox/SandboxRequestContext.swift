import Hummingbird
import NIOCore

/// The request context of the sandbox's listeners: Hummingbird's core context plus the connection, which an
/// injected fault may close without answering.
struct SandboxRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Thrown after a fault closed the connection on purpose, so that no response is written.
struct SandboxConnectionClosed: Error {}
