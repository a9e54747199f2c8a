public import JSONValues
import OrderedCollections

/// How a plan read Canvas: its read requests, and how the `ensure` items were found (listings read a page at a
/// time, or lookups of one item each). Shown in `plan --format json` as `reads` and in the summary line of
/// `easel plan`.
public struct PlanReads: Sendable, Hashable {
    /// GET requests the plan sent, every page counted.
    public var requests: Int
    /// Parents' listings read.
    public var listings: Int
    /// Pages of those listings.
    public var pages: Int
    /// Items looked up one request at a time.
    public var lookups: Int

    /// Counts of a plan's reads.
    public init(requests: Int, listings: Int, pages: Int, lookups: Int) {
        self.requests = requests
        self.listings = listings
        self.pages = pages
        self.lookups = lookups
    }

    /// `{"requests": 6, "listings": 2, "pages": 4, "lookups": 0}`.
    public var jsonValue: JSONValue {
        [
            "requests": .int(requests), "listings": .int(listings), "pages": .int(pages),
            "lookups": .int(lookups),
        ]
    }

    /// Reads counts written by `jsonValue`; nil when any is missing.
    public init?(json: JSONValue?) {
        guard let json, let requests = json["requests"]?.intValue, let listings = json["listings"]?.intValue,
            let pages = json["pages"]?.intValue, let lookups = json["lookups"]?.intValue
        else { return nil }
        self.init(requests: requests, listings: listings, pages: pages, lookups: lookups)
    }

    /// `6 reads`, as the end of the summary line.
    public var phrase: String {
        "\(requests) read\(requests == 1 ? "" : "s")"
    }
}
