import RunContext

/// Where the steps of a run meet: each step's finished result (for the steps that wait for all of it), each
/// item's result as soon as it is known (for a step that iterates another's items), and the scope later steps
/// evaluate in.
actor StepBoard {
    /// How a step ended.
    enum StepEnd: Sendable {
        /// Every item has an outcome; `failures` of them failed.
        case completed(failures: Int)
        /// The step stopped early or never started: the run is stopping, or a step it needs failed.
        case halted(reason: String)

        /// Whether steps that need this one may run.
        var allowsDependents: Bool {
            if case .completed(let failures) = self { return failures == 0 }
            return false
        }
    }

    /// One finished item of a step, as a step iterating it sees it.
    struct PublishedItem: Sendable {
        var index: Int
        var result: ItemResult
    }

    private struct Feed {
        var published: [PublishedItem] = []
        var isClosed = false
        var subscribers: [AsyncStream<PublishedItem>.Continuation] = []
    }

    private(set) var scope: RunScope
    private var ends: [String: StepEnd] = [:]
    private var endWaiters: [String: [CheckedContinuation<StepEnd, Never>]] = [:]
    private var feeds: [String: Feed] = [:]

    init(scope: RunScope) {
        self.scope = scope
    }

    /// Waits until step `id` ends.
    func end(of id: String) async -> StepEnd {
        if let end = ends[id] { return end }
        return await withCheckedContinuation { endWaiters[id, default: []].append($0) }
    }

    /// Records that step `id` ended, with its result for later steps' expressions when it completed.
    func finish(_ id: String, _ end: StepEnd, result: StepResult?) {
        if let result { scope.record(result, for: id) }
        ends[id] = end
        for waiter in endWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: end) }
        feeds[id, default: Feed()].isClosed = true
        for subscriber in feeds[id]?.subscribers ?? [] { subscriber.finish() }
        feeds[id]?.subscribers = []
    }

    /// Makes one item's result of step `id` available to the steps iterating it.
    func publish(_ item: PublishedItem, of id: String) {
        // In place: copying the feed out and back would copy every item published so far, each time.
        feeds[id, default: Feed()].published.append(item)
        for subscriber in feeds[id]?.subscribers ?? [] { subscriber.yield(item) }
    }

    /// The items of step `id`: those finished so far, then each as it finishes, until the step ends.
    func items(of id: String) -> AsyncStream<PublishedItem> {
        let (stream, continuation) = AsyncStream.makeStream(of: PublishedItem.self)
        var feed = feeds[id] ?? Feed()
        for item in feed.published { continuation.yield(item) }
        if feed.isClosed {
            continuation.finish()
        } else {
            feed.subscribers.append(continuation)
        }
        feeds[id] = feed
        return stream
    }
}
