public import JSONValues

/// What the listings read for a plan hold, by listing, and how the plan read Canvas: listings, their pages, and
/// the items looked up one at a time.
public actor ListingReads {
    /// One listing's objects by index entry, and how far it was read.
    struct Answers: Sendable {
        var objects: [String: [JSONValue]] = [:]
        /// Whether every page was read, so that an entry it lacks names no object.
        var isComplete = false
        /// Whether one listed object settles its key.
        var hitsAreFinal = true
    }

    /// What a listing says of one key.
    enum Answer: Sendable {
        /// The listed objects indexed under the key's entry (all of them when the listing is complete).
        case found([JSONValue])
        /// The complete listing holds none.
        case absent
        /// The listing was not read, or not far enough to tell.
        case unknown
    }

    private var answers: [String: Answers] = [:]
    private var counts = ReadCounts()

    /// No listing read yet.
    public init() {}

    /// Keeps a listing's objects (complete, or as far as it was read when hits are final).
    func store(_ listing: Answers, named name: String) {
        answers[name] = listing
    }

    /// What the listing `name` says of the key indexed under `entry`.
    func answer(named name: String, entry: String) -> Answer {
        guard let listing = answers[name] else { return .unknown }
        if let found = listing.objects[entry], listing.isComplete || listing.hitsAreFinal { return .found(found) }
        return listing.isComplete ? .absent : .unknown
    }

    /// Counts a listing begun and the pages read of it.
    func countListing(pages: Int) {
        counts.listings += 1
        counts.pages += pages
    }

    /// Counts one item looked up on its own.
    func countLookup() {
        counts.lookups += 1
    }

    /// The reads counted so far.
    public var readCounts: ReadCounts { counts }
}

/// How a plan read Canvas's objects: listings read, their pages, and items looked up one at a time.
public struct ReadCounts: Sendable, Hashable {
    /// Listings read (at least their first page).
    public var listings = 0
    /// Pages of those listings.
    public var pages = 0
    /// Items looked up one request at a time.
    public var lookups = 0

    /// No reads.
    public init(listings: Int = 0, pages: Int = 0, lookups: Int = 0) {
        self.listings = listings
        self.pages = pages
        self.lookups = lookups
    }
}
