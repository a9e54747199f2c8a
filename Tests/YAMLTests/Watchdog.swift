import Dispatch
import Foundation
import Synchronization

/// Runs work on a thread of its own and waits for it until a deadline, so that a hang is reported instead of
/// stalling the tests.
enum Watchdog {
    /// The result of `work`, or nil when it did not finish within `limit` (it is then left running: work that
    /// hangs cannot be stopped, and the test process ends anyway).
    static func run<Result: Sendable>(within limit: Duration, _ work: @escaping @Sendable () -> Result) -> Result? {
        let box = Box<Result>()
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result = work()
            box.value.withLock { $0 = result }
            finished.signal()
        }
        // The main thread's stack size, since deeply nested documents make deep recursion.
        thread.stackSize = 8 << 20
        thread.start()
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard finished.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        return box.value.withLock { $0 }
    }

    private final class Box<Value: Sendable>: Sendable {
        let value = Mutex<Value?>(nil)
    }
}
