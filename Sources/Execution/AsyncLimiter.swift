import DequeModule

/// A counting semaphore for tasks: at most `limit` holders at once, waiters served in order.
actor AsyncLimiter {
    private var available: Int
    private var waiters: Deque<CheckedContinuation<Void, Never>> = []

    /// A limiter letting `limit` tasks (at least one) hold it at once.
    init(limit: Int) {
        available = max(1, limit)
    }

    /// Waits for a free place and takes it.
    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Gives a place back, to the longest waiter if there is one.
    func release() {
        if let next = waiters.popFirst() {
            next.resume()
        } else {
            available += 1
        }
    }
}
