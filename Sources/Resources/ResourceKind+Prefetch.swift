public import Canvas
public import JSONValues
public import Logging
import OrderedCollections

/// One listing that holds every object a key field can name, so that many lookups can be answered by reading
/// it once: a root account's courses, for courses found by SIS id (a SIS id is unique in the root account).
public struct BulkListing: Sendable {
    /// The list's path.
    let path: String
    /// Its query, besides `per_page`.
    let query: JSONValue
    /// The key field whose value each listed object carries under the same name.
    let keyField: String
}

extension ResourceKind {
    /// Tells `reads` that a listing for the items will be read, so their lookups wait for its first page
    /// (which answers them all when the institution is small); call before the lookups start. Returns whether
    /// the kind has such a listing for these keys.
    public func announcePrefetch(keysOf items: [EnsureItem], reads: SharedReads) async -> Bool {
        guard let listing = prefetchListing(for: items) else { return false }
        await reads.beginListing(named: indexName(listing))
        return true
    }

    /// Reads, in at most `pageBudget` pages, the listing that holds every object the items' keys can name, and
    /// keeps it in `reads` when it ended within the budget; lookups of those keys then read nothing. Returns
    /// whether it did.
    ///
    /// Meant to run beside the items' own lookups: a lookup made before the listing is complete reads Canvas as
    /// usual, and a listing longer than the budget costs at most the budget's pages.
    public func prefetch(
        keysOf items: [EnsureItem], client: any CanvasBoundary, logger: Logger, reads: SharedReads, pageBudget: Int
    ) async throws -> Bool {
        guard let listing = prefetchListing(for: items) else { return false }
        let name = indexName(listing)
        var index: [String: JSONValue] = [:]
        var iterator = client.pages(.get(listing.path, query: listing.query), logger: logger).makeAsyncIterator()
        var pages = 0
        do {
            while let page = try await iterator.next() {
                pages += 1
                for object in page {
                    if let value = object[listing.keyField], !value.isNull { index[value.interpolated] = object }
                }
                if !iterator.hasMorePages { break }
                if pages == 1 { await reads.endFirstPage(named: name) }
                if pages >= pageBudget { return false }
            }
        } catch {
            await reads.endFirstPage(named: name)
            throw error
        }
        await reads.storeIndex(index, named: name)
        await reads.endFirstPage(named: name)
        return true
    }

    private func prefetchListing(for items: [EnsureItem]) -> BulkListing? {
        guard let listing = bulkListing,
            items.contains(where: { $0.key.count == 1 && $0.key[listing.keyField] != nil })
        else { return nil }
        return listing
    }

    /// The object a complete prefetched listing holds for `item`'s key, `.some(nil)` when it holds none, or nil
    /// when no complete listing answers this key.
    func prefetched(_ item: EnsureItem, reads: SharedReads?) async -> JSONValue?? {
        guard let listing = bulkListing, let reads, item.key.count == 1, let value = item.key[listing.keyField]
        else { return nil }
        await reads.waitForFirstPage(named: indexName(listing))
        guard let index = await reads.index(named: indexName(listing)) else { return nil }
        guard let object = index[value.interpolated], !endpoints.isGone(object) else { return .some(nil) }
        return .some(object)
    }

    private func indexName(_ listing: BulkListing) -> String {
        "\(name) by \(listing.keyField)"
    }
}
