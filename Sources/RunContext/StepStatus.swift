/// What happened to a step, as later steps read it through `steps.<id>.status`.
public enum StepStatus: Sendable, Hashable, CustomStringConvertible {
    /// A single step: the status of its one item (`created`, `sent`, `read`, …).
    case item(ItemStatus)
    /// A fan-out step whose items ran; each item has its own status.
    case done
    /// A fan-out step whose items are only known after apply.
    case pending

    /// The status as `steps.<id>.status` spells it.
    public var description: String {
        switch self {
        case .item(let status): status.rawValue
        case .done: "done"
        case .pending: "pending"
        }
    }
}
