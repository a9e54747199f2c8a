import Dispatch
import Foundation
import Synchronization

/// Runs work on a thread of its own and waits for it until a deadline, so that a hang is reported instead of
/// stalling the tests.
///
/// The wait suspends rather than blocks: the tests' cooperative pool has a thread per core, and a test that blocked
/// one while its parses ran would hold back every suite running beside it.
enum Watchdog {
    /// The result of `work`, or nil when it did not finish within `limit` (it is then left running: work that
    /// hangs cannot be stopped, and the test process ends anyway).
    static func run<Result: Sendable>(within limit: Duration, _ work: @escaping @Sendable () -> Result) async
        -> Result?
    {
        let pending = Mutex<CheckedContinuation<Result?, Never>?>(nil)
        @Sendable func finish(_ result: Result?) {
            let continuation = pending.withLock { pending in
                defer { pending = nil }
                return pending
            }
            continuation?.resume(returning: result)
        }
        return await withCheckedContinuation { continuation in
            pending.withLock { $0 = continuation }
            let thread = Thread { finish(work()) }
            // The main thread's stack size, since deeply nested documents make deep recursion.
            thread.stackSize = 8 << 20
            thread.start()
            let (seconds, attoseconds) = limit.components
            let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { finish(nil) }
        }
    }
}
