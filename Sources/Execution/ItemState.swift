/// Where one item of a step stands in a run: the journal's record of what was done to Canvas.
///
/// A write moves `intent` → `sent` → (`answered` →) `confirmed` (or `failed`). An item left in `sent` when a run stops, or whose
/// response was lost, is `inDoubt`: resume looks the object up by its key before sending again.
public enum ItemState: String, CaseIterable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The write is about to be sent; journaled durably before the request leaves.
    case intent
    /// The request was sent and no response has been journaled yet.
    case sent
    /// Canvas answered with success, and the job the write started (`wait:`) has not finished well yet; resume
    /// waits for the job again and never sends the write twice.
    case answered
    /// Canvas answered with success; the outcome and the Canvas id are known.
    case confirmed
    /// Canvas answered with an error, or the request could not be sent; resume retries it.
    case failed
    /// Not sent because it differs from the reviewed plan (or is not in it); resume sends it, as a new plan would.
    case refused
    /// The request may or may not have taken effect (the response was lost); resume reconciles it.
    case inDoubt = "in_doubt"
    /// The item was not attempted: nothing to do, or a dependency failed.
    case skipped

    /// Whether resume leaves this item alone.
    public var isSettled: Bool { self == .confirmed || self == .skipped }

    /// The state as the journal and the command line spell it.
    public var description: String { rawValue }
}
