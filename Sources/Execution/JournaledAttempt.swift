import JSONValues
import Synchronization

/// The action and attempt count of the intent an item journaled, so that its outcome is recorded with them.
final class JournaledAttempt: Sendable {
    private let state = Mutex<(action: ItemAction, attempts: Int, beforeValues: JSONValue?)?>(nil)

    /// Notes the intent just journaled.
    func note(action: ItemAction, attempts: Int, beforeValues: JSONValue?) {
        state.withLock { $0 = (action, attempts, beforeValues) }
    }

    /// The before-values this attempt's intent journaled, kept on the item's later records.
    var beforeValues: JSONValue? { state.withLock { $0?.beforeValues } }

    /// The action of this attempt's intent, if it journaled one.
    var action: ItemAction? { state.withLock { $0?.action } }

    /// The attempts to record: this attempt's count, or the earlier attempts' when this one sent nothing.
    func attempts(earlier: ItemRecord?) -> Int {
        state.withLock { $0?.attempts } ?? earlier?.attempts ?? 0
    }
}
