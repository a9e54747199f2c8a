/// Decides, page by page, whether to read on in a parent's listing or to look the remaining items up one at a
/// time: whichever costs fewer requests.
///
/// The pages still to read are Canvas's own count when the list links its last page; otherwise they are
/// estimated from the rate at which the pages read so far answered items (`itemsSeen` in `pagesRead` pages):
/// finding the `itemsUnseen` others at that rate takes `itemsUnseen × pagesRead / itemsSeen` pages, and never
/// fewer than one page of `pageSize` holds. A listing whose pages answered nothing is given up.
public struct ReadCostModel: Sendable, Hashable {
    /// Pages read so far (at least one).
    public var pagesRead: Int
    /// The last page's number, when Canvas gave it.
    public var lastPage: Int?
    /// How many objects a page holds.
    public var pageSize: Int
    /// Items the pages read so far answered.
    public var itemsSeen: Int
    /// Items they did not answer yet.
    public var itemsUnseen: Int

    /// A decision after `pagesRead` pages.
    public init(pagesRead: Int, lastPage: Int?, pageSize: Int, itemsSeen: Int, itemsUnseen: Int) {
        self.pagesRead = pagesRead
        self.lastPage = lastPage
        self.pageSize = pageSize
        self.itemsSeen = itemsSeen
        self.itemsUnseen = itemsUnseen
    }

    /// The requests the rest of the listing is expected to cost, or nil when nothing suggests it ends.
    public var remainingPages: Int? {
        if let lastPage { return max(0, lastPage - pagesRead) }
        guard itemsSeen > 0 else { return nil }
        let atObservedRate = (itemsUnseen * pagesRead + itemsSeen - 1) / itemsSeen
        let atLeast = (itemsUnseen + max(1, pageSize) - 1) / max(1, pageSize)
        return max(atObservedRate, atLeast, 1)
    }

    /// Whether reading the rest of the listing costs fewer requests than one lookup per unanswered item.
    public var readsOn: Bool {
        guard itemsUnseen > 0, let remainingPages else { return false }
        return remainingPages < itemsUnseen
    }
}
