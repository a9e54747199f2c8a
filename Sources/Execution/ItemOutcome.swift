/// What a run did to one item in the end, in the words of the apply summary: `created`, `updated`, `concluded`,
/// `unchanged`, `failed`…
///
/// The state says where the write stands (sent, confirmed); the outcome says what it did. A confirmed item was
/// created, updated, deleted, concluded, reactivated, sent (a raw request), read or left unchanged; an item that
/// was not carried out was skipped, failed or is in doubt. An item still on its way has none.
public enum ItemOutcome: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// A new object was made.
    case created
    /// Fields of an existing object were changed.
    case updated
    /// The object was deleted.
    case deleted
    /// The object was concluded (a course's or an enrollment's `conclude`), which Canvas keeps as completed.
    case concluded
    /// A deleted, concluded or inactive object was brought back.
    case reactivated
    /// The object was already as the job wants it; nothing was sent.
    case unchanged
    /// A raw request written in the job was sent and answered with success.
    case sent
    /// A read (`get:`) was made.
    case read
    /// The item was not attempted: its `when:` was false.
    case skipped
    /// The write failed, or was refused because it differs from the reviewed plan.
    case failed
    /// The write may or may not have taken effect; resume settles it.
    case inDoubt = "in_doubt"

    /// The outcome as the summary and `easel show` spell it (`in doubt`).
    public var description: String { self == .inDoubt ? "in doubt" : rawValue }

    /// Whether the outcome changed something in Canvas.
    public var isChange: Bool { [.created, .updated, .deleted, .concluded, .reactivated, .sent].contains(self) }

    /// The outcome of an item left in `state` after `action`, when nothing more precise was recorded; nil while
    /// the item is still on its way (`intent`, `sent`).
    public init?(state: ItemState, action: ItemAction) {
        switch state {
        case .intent, .sent: return nil
        case .answered, .failed, .refused: self = .failed
        case .inDoubt: self = .inDoubt
        case .skipped: self = .skipped
        case .confirmed:
            switch action {
            case .create: self = .created
            case .update: self = .updated
            case .delete: self = .deleted
            case .request: self = .sent
            case .read: self = .read
            case .none: self = .unchanged
            }
        }
    }
}
