/// The time source of the governor and the retries: elapsed time and sleeping, injectable for tests.
public struct CanvasClock: Sendable {
    /// Time elapsed since a fixed origin.
    public var now: @Sendable () -> Duration
    /// Sleeps for a duration (throws when cancelled).
    public var sleep: @Sendable (Duration) async throws -> Void

    /// A clock from two functions.
    public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The system's monotonic clock.
    public static var continuous: CanvasClock {
        let clock = ContinuousClock()
        let origin = clock.now
        return CanvasClock(
            now: { origin.duration(to: clock.now) },
            sleep: { duration in if duration > .zero { try await clock.sleep(for: duration) } }
        )
    }
}
