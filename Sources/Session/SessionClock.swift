public import Foundation

/// The wall clock a run session stamps runs and locks with.
public struct SessionClock: Sendable {
    /// The time now.
    public var now: @Sendable () -> Date

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system's clock.
    public static let system = SessionClock(now: { Date() })
}
