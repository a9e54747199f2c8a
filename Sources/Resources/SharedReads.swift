public import JSONValues

/// Reads that the items of one plan or one run share: a reference such as `sis_term_id:2026FA`, or a parent's
/// list of objects, is fetched once however many items need it, even when they ask at the same time.
///
/// A plan shares lists as well as references, since it writes nothing that could change them; a run shares
/// only references (a term or an account does not change because a course was created), and keeps no miss,
/// since an object it creates may be the one a later item names.
public actor SharedReads {
    /// Whether parents' lists are shared too.
    public nonisolated let sharesListings: Bool
    /// Whether an answer of "no such object" is kept.
    public nonisolated let keepsMisses: Bool
    /// The parents' listings read for the plan's items, and the counts of its reads.
    public nonisolated let listings = ListingReads()
    private var reads: [String: Task<JSONValue?, any Error>] = [:]
    /// Complete listings of a kind's objects by one key field, as `prefetch` read them.
    private var indexes: [String: [String: JSONValue]] = [:]

    /// Reads shared by the items of a plan: lists and misses included.
    public static func forPlanning() -> SharedReads { SharedReads(sharesListings: true, keepsMisses: true) }

    /// Reads shared by the items of a run: references only, found ones only.
    public static func forApplying() -> SharedReads { SharedReads(sharesListings: false, keepsMisses: false) }

    private init(sharesListings: Bool, keepsMisses: Bool) {
        self.sharesListings = sharesListings
        self.keepsMisses = keepsMisses
    }

    /// Listings begun whose first page is not read yet, with the lookups waiting for it.
    private var firstPageWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Notes that the listing `name` is being read: lookups wait for its first page, which may answer them all.
    func beginListing(named name: String) {
        if firstPageWaiters[name] == nil { firstPageWaiters[name] = [] }
    }

    /// Lets the lookups waiting for the listing's first page go on (whether it was read or failed).
    func endFirstPage(named name: String) {
        for waiter in firstPageWaiters.removeValue(forKey: name) ?? [] { waiter.resume() }
    }

    /// Waits, if the listing `name` was begun, until its first page is read.
    func waitForFirstPage(named name: String) async {
        guard firstPageWaiters[name] != nil else { return }
        await withCheckedContinuation { firstPageWaiters[name, default: []].append($0) }
    }

    /// Keeps every object of a kind by one key field's value, from a listing known to be complete.
    func storeIndex(_ objects: [String: JSONValue], named name: String) {
        indexes[name] = objects
    }

    /// The complete listing stored under `name`, if a prefetch finished it.
    func index(named name: String) -> [String: JSONValue]? {
        indexes[name]
    }

    /// Keeps an object known to exist under `key` (a parent whose listing Canvas answered), so that no item reads
    /// it; `value(for:fetch:)` then gives a non-nil value without fetching.
    func noteExists(_ key: String) {
        guard reads[key] == nil else { return }
        reads[key] = Task { ["exists": true] }
    }

    /// The value read under `key`, reading it with `fetch` when no item has yet.
    ///
    /// A read that fails is forgotten, so the next item that needs it tries again.
    public func value(
        for key: String, fetch: @escaping @Sendable () async throws -> JSONValue?
    ) async throws -> JSONValue? {
        if let running = reads[key] { return try await running.value }
        let task = Task { try await fetch() }
        reads[key] = task
        do {
            let value = try await task.value
            if value == nil, !keepsMisses { reads[key] = nil }
            return value
        } catch {
            reads[key] = nil
            throw error
        }
    }
}
