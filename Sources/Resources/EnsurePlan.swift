public import JSONValues

/// The plan of one `ensure` item: the item as applied (its references resolved), the live object, and what
/// applying would do.
public struct EnsurePlan: Sendable, Hashable {
    /// The item, with `set:` references such as `sis_term_id:…` replaced by the ids Canvas returns.
    public var item: EnsureItem
    /// The live object, or nil when there is none.
    public var live: JSONValue?
    /// What applying would do.
    public var action: ResourceAction
    /// The zone Canvas reads the item's times without an offset in, when it has such times.
    public var zone: CanvasTimeZone? = nil
    /// What a plan shows beside the UTC value of each time written without an offset, by field:
    /// `2026-12-20 in America/Chicago`.
    public var notes: [String: String] = [:]

    /// A plan.
    public init(item: EnsureItem, live: JSONValue?, action: ResourceAction) {
        self.item = item
        self.live = live
        self.action = action
    }
}
