import JobSpec
import RunContext

extension ItemAction {
    /// The status later steps see (`item.status`) for an item confirmed with this action.
    var resultStatus: ItemStatus {
        switch self {
        case .create: .created
        case .update: .updated
        case .delete: .deleted
        case .request: .sent
        case .read: .read
        case .none: .unchanged
        }
    }
}

extension ItemState {
    /// Whether a write in this state may or may not have reached Canvas.
    var isUnsettled: Bool { [.intent, .sent, .inDoubt].contains(self) }
}

extension Step {
    /// Whether a write of this step that may have happened can be checked in Canvas: an `ensure` by its key, a
    /// raw request by its `verify:` read.
    var canBeVerified: Bool {
        switch kind {
        case .ensure, .upload: true
        case .request(let spec): spec.verify != nil
        case .get: true
        }
    }
}
