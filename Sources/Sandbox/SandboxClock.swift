public import Foundation

/// The sandbox's time: the wall-clock time its records carry and its jobs, SIS imports and upload signatures move
/// by, the elapsed time its throttle leaks by, and the waits of its latency and late faults. Injectable, so that a
/// test moves time on instead of waiting for it to pass.
public struct SandboxClock: Sendable {
    /// The wall-clock time now.
    public var now: @Sendable () -> Date
    /// Time elapsed since a fixed origin, never going back.
    public var elapsed: @Sendable () -> Duration
    /// Waits for a duration (throws when cancelled).
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A clock from three functions.
    public init(
        now: @escaping @Sendable () -> Date, elapsed: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void
    ) {
        self.now = now
        self.elapsed = elapsed
        self.sleep = sleep
    }

    /// The system's time: `Date.now`, the monotonic clock, and its sleep.
    public static var system: SandboxClock {
        let clock = ContinuousClock()
        let origin = clock.now
        return SandboxClock(
            now: { Date.now }, elapsed: { origin.duration(to: clock.now) },
            sleep: { duration in try await clock.sleep(for: duration) })
    }
}
