import Canvas
import Synchronization

/// Tells a permission the token's user lacks for a whole step from one object it may not touch.
///
/// The rule: when ``threshold`` items of one step in a row are refused permission (Canvas's 401 or 403 "user not
/// authorized to perform that action", not its 403 throttle) on requests of the same method and endpoint shape
/// (the path with each id as `:id`, such as `POST /api/v1/accounts/:id/users`), with no item of the step done
/// in between, the next item would be refused too: the run stops, once, for the run. A refusal after an item of
/// the step was done, or on another shape, stays the item's own failure (a course the user may not edit while it
/// may edit the others). A refused `as_user_id` is always the item's: each item may act as another user.
final class PermissionRefusals: Sendable {
    /// How many refusals in a row make the step's refusal the run's.
    static let threshold = 3

    private struct Streak {
        var shape: String
        var count: Int
    }

    private let streaks = Mutex<[String: Streak]>([:])

    init() {}

    /// Counts a refusal of an item of `stepID`; returns the run-level failure when it is the ``threshold``-th of
    /// its shape in a row.
    func refused(_ error: CanvasError, stepID: String) -> RunLevelFailure? {
        guard case .notPermitted(let detail) = error.kind, !detail.contains("as_user_id"),
            !detail.contains("masquerade"), let request = error.request
        else { return nil }
        let path = request.split(separator: "?", maxSplits: 1).first.map(String.init) ?? request
        let shape = Self.shape(of: path)
        let count = streaks.withLock { streaks in
            var streak = streaks[stepID] ?? Streak(shape: shape, count: 0)
            if streak.shape != shape { streak = Streak(shape: shape, count: 0) }
            streak.count += 1
            streaks[stepID] = streak
            return streak.count
        }
        guard count == Self.threshold else { return nil }
        return .notPermitted(PermissionLack(request: path, canvasSays: detail, stepID: stepID, refusals: count))
    }

    /// Notes that an item of `stepID` was done: the step's refusals so far were the items' own.
    func done(stepID: String) {
        streaks.withLock { streaks in
            if streaks[stepID] != nil { streaks[stepID] = nil }
        }
    }

    /// `POST /api/v1/accounts/1/users` as `POST /api/v1/accounts/:id/users`: numbers, `sis_…:` and other
    /// `prefix:value` ids, and `self` become `:id`.
    static func shape(of request: String) -> String {
        request.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            let isID =
                (!segment.isEmpty && segment.allSatisfy(\.isNumber)) || segment.contains(":")
                || segment == "self"
            return isID ? ":id" : segment
        }.joined(separator: "/")
    }
}
