public import Canvas
import Foundation
public import JSONValues
public import Logging
import OrderedCollections

extension ResourceKind {
    /// Reads, for each parent of at least two of `items` whose keys a listing can answer, that parent's listing,
    /// page by page while `ReadCostModel` finds it cheaper than looking the remaining items up, and keeps what it
    /// read in `reads` for the items' lookups.
    ///
    /// Items under objects the plan creates (`creations`), or whose key names one, are left out: they are not
    /// looked up at all. A listing that fails is forgotten; the lookups then read Canvas as they would have.
    public func readListings(
        for items: [EnsureItem], client: any CanvasBoundary, logger: Logger, reads: SharedReads,
        creations: PlannedCreations, width: Int
    ) async throws {
        guard let listing else { return }
        var groups: OrderedDictionary<String, (parent: ResourceParent, entries: Set<String>)> = [:]
        for item in items {
            guard let parent = try? parent(of: item), !parent.isUnknown, !creations.contains(parent),
                listing.covers(parent), !namesPlannedCreation(item, creations),
                let (_, entry) = listingAnswering(item.key)
            else { continue }
            let name = listingName(parent)
            groups[name, default: (parent, [])].entries.insert(entry)
        }
        let wanted = groups.filter { $0.value.entries.count >= 2 }
        guard !wanted.isEmpty else { return }
        let pending = wanted.map { ($0.key, $0.value.parent, $0.value.entries) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = pending.makeIterator()
            func startNext() -> Bool {
                guard let (name, parent, entries) = next.next() else { return false }
                group.addTask {
                    try await self.readListing(
                        listing, of: parent, named: name, wanted: entries, client: client, logger: logger,
                        reads: reads)
                }
                return true
            }
            for _ in 0..<max(1, width) where !startNext() { break }
            while try await group.next() != nil { _ = startNext() }
        }
    }

    private func readListing(
        _ listing: ResourceListing, of parent: ResourceParent, named name: String, wanted: Set<String>,
        client: any CanvasBoundary, logger: Logger, reads: SharedReads
    ) async throws {
        var query = endpoints.listQuery(parent)
        query.merge(listing.query)
        let request = CanvasRequest(.get, endpoints.collection(parent), query: query, context: .init())
        var iterator = client.pages(request, unwrapping: endpoints.listWrapper, logger: logger).makeAsyncIterator()
        var answers = ListingReads.Answers(hitsAreFinal: listing.hitsAreFinal)
        var pages = 0
        var pageSize = 0
        do {
            while let page = try await iterator.next() {
                pages += 1
                pageSize = max(pageSize, page.count)
                for object in page {
                    for entry in Set(listing.entries(self, object)) {
                        answers.objects[entry, default: []].append(object)
                    }
                }
                if !iterator.hasMorePages {
                    answers.isComplete = true
                    break
                }
                let seen = wanted.count { answers.objects[$0] != nil }
                let model = ReadCostModel(
                    pagesRead: pages, lastPage: iterator.lastPageNumber, pageSize: pageSize, itemsSeen: seen,
                    itemsUnseen: wanted.count - seen)
                if listing.hitsAreFinal, seen == wanted.count { break }
                if !model.readsOn {
                    logger.debug(
                        "listing \(endpoints.collection(parent)): looking up the \(model.itemsUnseen) items left",
                        metadata: [
                            "pages_read": "\(pages)",
                            "pages_left": "\(model.remainingPages.map(String.init) ?? "unknown")",
                        ])
                    break
                }
                logger.debug(
                    "listing \(endpoints.collection(parent)): reading on",
                    metadata: [
                        "pages_read": "\(pages)", "pages_left": "\(model.remainingPages.map(String.init) ?? "unknown")",
                        "items_left": "\(model.itemsUnseen)",
                    ])
                if let last = iterator.lastPageNumber, last > pages + 1 {
                    // Numbered pages: the rest are read side by side rather than one after another.
                    let rest = try await numberedPages(
                        (pages + 1)...last, of: request, client: client, logger: logger)
                    pages += rest.count
                    for object in rest.joined() {
                        for entry in Set(listing.entries(self, object)) {
                            answers.objects[entry, default: []].append(object)
                        }
                    }
                    answers.isComplete = true
                    break
                }
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // A parent that does not exist, or a listing Canvas refuses: the lookups meet the same problem and
            // report it on their items.
            logger.debug("listing \(endpoints.collection(parent)) not used: \(error)")
            await reads.listings.countListing(pages: pages)
            return
        }
        await reads.listings.countListing(pages: pages)
        guard answers.isComplete || (listing.hitsAreFinal && !answers.objects.isEmpty) else { return }
        await reads.listings.store(answers, named: name)
        if answers.isComplete, let path = parent.kind.memberPath(parent.idText) {
            // A listing Canvas answered proves its parent exists: a create under it need not read it.
            await reads.noteExists("parent \(path)")
        }
    }

    /// The pages `numbers` of a numbered list, read at most eight at a time, in order.
    private func numberedPages(
        _ numbers: ClosedRange<Int>, of request: CanvasRequest, client: any CanvasBoundary, logger: Logger
    ) async throws -> [[JSONValue]] {
        let wrapper = endpoints.listWrapper
        let perPage = request.query.first { $0.name == "per_page" }?.value ?? String(client.configuration.perPage)
        return try await withThrowingTaskGroup(of: (Int, [JSONValue]).self) { group in
            var pending = numbers.makeIterator()
            func startNext() -> Bool {
                guard let number = pending.next() else { return false }
                var page = request
                page.query.removeAll { $0.name == "page" || $0.name == "per_page" }
                page.query.append(QueryParameter(name: "per_page", value: perPage))
                page.query.append(QueryParameter(name: "page", value: String(number)))
                group.addTask {
                    let body = try await client.json(page, logger: logger)
                    return (number, wrapper.flatMap { body[$0]?.arrayValue } ?? body.arrayValue ?? [])
                }
                return true
            }
            for _ in 0..<8 where !startNext() { break }
            var read: [Int: [JSONValue]] = [:]
            while let (number, objects) = try await group.next() {
                read[number] = objects
                _ = startNext()
            }
            return numbers.map { read[$0] ?? [] }
        }
    }

    /// The listing's name in `reads`: the kind and the parent's list URL.
    func listingName(_ parent: ResourceParent) -> String {
        "\(name) in \(endpoints.collection(parent))"
    }

    /// What a listing read for the plan says of `item`: `.some(object)`, `.some(nil)` when a complete listing
    /// holds none, or nil when no listing answers it (or the listed object lacks a field `set:` compares, which a
    /// lookup then reads).
    func listedAnswer(_ item: EnsureItem, parent: ResourceParent, reads: SharedReads?) async -> JSONValue?? {
        guard let reads, let listing, listing.covers(parent), let (_, entry) = listingAnswering(item.key) else {
            return nil
        }
        switch await reads.listings.answer(named: listingName(parent), entry: entry) {
        case .unknown: return nil
        case .absent: return .some(nil)
        case .found(let candidates):
            guard let object = listing.choose(self, item.key, candidates) else { return .some(nil) }
            let lacksField = item.set.keys.contains { name in
                guard let field = field(named: name), !field.isSecret else { return false }
                return field.liveValue(in: object) == nil
            }
            return lacksField ? nil : .some(object)
        }
    }

    /// Whether a reference in `item`'s key names an object the plan creates (an enrollment of a user the plan
    /// creates): there is nothing to look up.
    func namesPlannedCreation(_ item: EnsureItem, _ creations: PlannedCreations) -> Bool {
        item.key.contains { name, value in
            field(named: name)?.type == .reference && creations.namesObject(value)
        }
    }
}
