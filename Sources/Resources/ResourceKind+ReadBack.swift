public import Canvas
import Foundation
public import JSONValues
public import Logging
import OrderedCollections

/// What reading objects back by listing found: each item's object by its position, the items no listing can
/// answer, and the listings and pages read.
public struct ReadBackResult: Sendable {
    /// The object found for each item, by the item's position in the list given.
    public var objects: [Int: JSONValue] = [:]
    /// The positions of the items no listing of their kind can answer (their parent's listing does not hold them).
    public var unlistable: [Int] = []
    /// The listings and pages read.
    public var counts = ReadCounts()
}

extension ResourceKind {
    /// Whether objects of this kind can be read back by a listing at all: the kind has a listing by parent, or
    /// one listing that holds every object its key can name.
    public var hasReadBackListing: Bool { listing != nil || bulkListing != nil }

    /// Reads back the objects of `items`, which exist in Canvas, through listings only: one listing per parent
    /// (or the kind's one bulk listing), page by page until every item of that listing is found or the listing
    /// ends. Never one read per item: an item no listing answers is reported in `unlistable`.
    public func readBack(
        _ items: [EnsureItem], client: any CanvasBoundary, logger: Logger, width: Int
    ) async throws -> ReadBackResult {
        var result = ReadBackResult()
        var groups: OrderedDictionary<String, ReadBackGroup> = [:]
        for (position, item) in items.enumerated() {
            if let listing, let parent = try? parent(of: item), !parent.isUnknown, listing.covers(parent),
                let (_, entry) = listingAnswering(item.key)
            {
                var query = endpoints.listQuery(parent)
                query.merge(listing.query)
                let request = CanvasRequest(.get, endpoints.collection(parent), query: query, context: .init())
                groups[listingName(parent), default: ReadBackGroup(request: request, wrapper: endpoints.listWrapper)]
                    .wanted.append((position, entry))
            } else if let bulk = bulkListing, item.key.count == 1, let value = item.key[bulk.keyField],
                !value.containsUnknown
            {
                let request = CanvasRequest(.get, bulk.path, query: bulk.query, context: .init())
                groups["\(name) by \(bulk.keyField)", default: ReadBackGroup(request: request, wrapper: nil)]
                    .wanted.append((position, "\(bulk.keyField)=\(value.interpolated)"))
            } else {
                result.unlistable.append(position)
            }
        }
        let pending = Array(groups.values)
        let found = try await withThrowingTaskGroup(of: ([String: [JSONValue]], Int).self) { group in
            var next = pending.makeIterator()
            func startNext() -> Bool {
                guard let readBackGroup = next.next() else { return false }
                group.addTask { try await self.read(readBackGroup, client: client, logger: logger) }
                return true
            }
            for _ in 0..<max(1, width) where !startNext() { break }
            var merged: [([String: [JSONValue]], Int)] = []
            while let answer = try await group.next() {
                merged.append(answer)
                _ = startNext()
            }
            return merged
        }
        var byEntry: [String: [JSONValue]] = [:]
        for (objects, pages) in found {
            byEntry.merge(objects) { $0 + $1 }
            result.counts.listings += 1
            result.counts.pages += pages
        }
        let unlistable = Set(result.unlistable)
        for (position, item) in items.enumerated() where !unlistable.contains(position) {
            if let listing, let (_, entry) = listingAnswering(item.key),
                let object = listing.choose(self, item.key, byEntry[entry] ?? [])
            {
                result.objects[position] = object
            } else if let bulk = bulkListing, let value = item.key[bulk.keyField],
                let object = byEntry["\(bulk.keyField)=\(value.interpolated)"]?.first, !endpoints.isGone(object)
            {
                result.objects[position] = object
            }
        }
        return result
    }

    /// Reads one listing: its objects by index entry, and the pages read.
    private func read(_ group: ReadBackGroup, client: any CanvasBoundary, logger: Logger) async throws
        -> ([String: [JSONValue]], Int)
    {
        let wanted = Set(group.wanted.map(\.entry))
        var objects: [String: [JSONValue]] = [:]
        var pages = 0
        for try await page in client.pages(group.request, unwrapping: group.wrapper, logger: logger) {
            pages += 1
            for object in page {
                for entry in Set(entries(of: object)) where wanted.contains(entry) {
                    objects[entry, default: []].append(object)
                }
            }
            // A listing whose hits are final can stop once every wanted object is seen; the others are read to
            // the end, as several listed objects may match one key.
            if listing?.hitsAreFinal ?? true, wanted.allSatisfy({ objects[$0] != nil }) { break }
        }
        logger.debug(
            "read back \(wanted.count) \(name)s from \(group.request.path)", metadata: ["pages": "\(pages)"])
        return (objects, pages)
    }

    /// The index entries a listed object is found under, in the listing or in the bulk listing.
    private func entries(of object: JSONValue) -> [String] {
        var found = listing?.entries(self, object) ?? []
        if let bulk = bulkListing, let value = object[bulk.keyField], !value.isNull {
            found.append("\(bulk.keyField)=\(value.interpolated)")
        }
        return found
    }
}

/// One listing to read back, and the items wanted from it with their index entries.
private struct ReadBackGroup: Sendable {
    let request: CanvasRequest
    let wrapper: String?
    var wanted: [(position: Int, entry: String)] = []
}
