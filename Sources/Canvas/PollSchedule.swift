/// When to poll an asynchronous Canvas job again: at a fixed interval, or adaptively, from the job's own
/// progress.
///
/// The adaptive schedule estimates the time left from the progress made since it was first seen moving
/// (`(100 − p) / rate`) and waits `fraction` of that, never less than `minimum` nor more than `maximum`; while the
/// job shows no progress (queued, or a job that reports none) it waits `fraction` of the time elapsed instead, so
/// the waits grow. The polls of a job of N minutes are then about `N · 60 / maximum` plus a few dozen at most, not
/// one a `minimum`; the progress a display shows moves at least every `maximum`; and the job's end is noticed at
/// most `maximum` after it happens (about `fraction` of the time left when the estimate holds).
public struct PollSchedule: Sendable, Hashable {
    /// The shortest wait between two polls.
    public let minimum: Duration
    /// The longest wait between two polls: the most the end of the job can go unnoticed.
    public let maximum: Duration
    /// The share of the estimated time left to wait, 0 for a fixed interval.
    public let fraction: Double

    /// Polls every `interval`.
    public static func fixed(_ interval: Duration) -> PollSchedule {
        PollSchedule(minimum: interval, maximum: interval, fraction: 0)
    }

    /// Waits `fraction` of the time the job's progress says is left, between `minimum` and `maximum`.
    public static func adaptive(
        fraction: Double = 0.5, minimum: Duration = .seconds(1), maximum: Duration = .seconds(30)
    ) -> PollSchedule {
        PollSchedule(minimum: minimum, maximum: max(minimum, maximum), fraction: min(1, max(0, fraction)))
    }

    /// A schedule's memory of the job's progress: where it was when first seen and when it last stood still.
    public struct Estimator: Sendable {
        /// The schedule it follows.
        public let schedule: PollSchedule
        /// The last poll at which the job still showed the progress it was first seen with.
        private var anchor: (elapsed: Duration, progress: Double)?

        /// An estimator with no poll seen yet.
        public init(_ schedule: PollSchedule) {
            self.schedule = schedule
        }

        /// The wait before the next poll, after a poll at `elapsed` (since the polling began) that showed
        /// `progress` (0–100, nil when the job gives none).
        public mutating func wait(afterPollAt elapsed: Duration, progress: Double?) -> Duration {
            guard schedule.fraction > 0 else { return schedule.minimum }
            var estimate = elapsed.seconds * schedule.fraction
            if let progress {
                if let anchor, progress > anchor.progress {
                    // Progress moved since the anchor: the rate since then says what is left.
                    let rate = (progress - anchor.progress) / max(0.001, (elapsed - anchor.elapsed).seconds)
                    estimate = max(0, 100 - progress) / rate * schedule.fraction
                } else {
                    // Not moving yet (queued, or just started): the rate is measured from the last standstill.
                    anchor = (elapsed, progress)
                }
            }
            // Clamped as a number first: a rate near zero gives an estimate no duration holds.
            guard estimate.isFinite else { return schedule.maximum }
            return .seconds(min(schedule.maximum.seconds, max(schedule.minimum.seconds, estimate)))
        }
    }
}

extension Duration {
    /// The duration in seconds, with fractions.
    fileprivate var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
