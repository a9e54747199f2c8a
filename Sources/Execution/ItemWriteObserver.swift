import Canvas
import Synchronization

/// Watches the requests of one item's write: runs an action when the first of them leaves for Canvas (how the
/// journal learns that the write was sent, not only intended) and keeps the status Canvas answered it with.
final class ItemWriteObserver: RequestObserver {
    private let action: @Sendable () async -> Void
    private let hasRun = Mutex(false)
    private let answer = Mutex<Int?>(nil)

    /// The status of the last write Canvas answered with success, if one was answered.
    var answeredStatus: Int? { answer.withLock { $0 } }

    /// An observer that runs `action` at the first write.
    init(_ action: @escaping @Sendable () async -> Void) {
        self.action = action
    }

    /// Runs the action unless it already ran.
    func writeLeaves() async {
        let isFirst = hasRun.withLock { hasRun in
            defer { hasRun = true }
            return !hasRun
        }
        if isFirst { await action() }
    }

    /// Notes a write's successful answer.
    func writeAnswered(status: Int) {
        answer.withLock { $0 = status }
    }
}

extension CanvasRequestContext {
    /// The status Canvas answered an item's write with, when this is the context of an item's write and Canvas
    /// answered it (nil when the answer was lost and a lookup found the object).
    var answeredWriteStatus: Int? { (observer as? ItemWriteObserver)?.answeredStatus }
}
