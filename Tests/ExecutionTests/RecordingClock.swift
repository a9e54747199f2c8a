import Canvas
import Synchronization

/// The system's monotonic clock, remembering every wait the client asks of it: what a retry or settle policy
/// decided shows without timing anything.
final class RecordingClock: Sendable {
    private let waits = Mutex<[Duration]>([])

    /// The waits asked for so far, in order (zero waits left out).
    var recorded: [Duration] { waits.withLock { $0 } }

    /// A clock for the client that records its waits here, then sleeps them on the system's clock.
    var clock: CanvasClock {
        let system = CanvasClock.continuous
        return CanvasClock(
            now: system.now,
            sleep: { duration in
                if duration > .zero { self.waits.withLock { $0.append(duration) } }
                try await system.sleep(duration)
            })
    }
}
