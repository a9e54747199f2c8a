public import Canvas

/// A failure every item of the run would hit, whatever its data: Canvas cannot be reached, it rejects the token,
/// or the token's user lacks a permission a whole step needs. The run reports it once and stops starting items;
/// those not begun stay pending, so `resume` carries on once the cause is fixed.
public enum RunLevelFailure: Sendable, Hashable, CustomStringConvertible {
    /// What every item would hit.
    public enum Cause: Sendable, Hashable {
        /// Canvas could not be reached: DNS, a refused connection, TLS, a timeout.
        case unreachable
        /// Canvas rejected the access token.
        case tokenRejected
        /// The token would go where it must not: plain HTTP to another machine, or another host.
        case unsafeURL
        /// The token's user may not do what a step asks of every item (see ``PermissionRefusals``).
        case notPermitted
    }

    /// Canvas could not be reached: no connection to its host could be made.
    case unreachable(ConnectionFailure)
    /// Canvas rejected the access token, with this error.
    case tokenRejected(CanvasError)
    /// The token would go where it must not, as this error says.
    case unsafeURL(CanvasError)
    /// The token's user lacks a permission a whole step needs.
    case notPermitted(PermissionLack)

    /// What every item would hit.
    public var cause: Cause {
        switch self {
        case .unreachable: .unreachable
        case .tokenRejected: .tokenRejected
        case .unsafeURL: .unsafeURL
        case .notPermitted: .notPermitted
        }
    }

    /// The failure, worded for a Canvas admin.
    public var description: String {
        switch self {
        case .unreachable(let connection): "could not reach Canvas: \(connection)"
        case .tokenRejected(let error), .unsafeURL(let error): error.description
        case .notPermitted(let lack): lack.description
        }
    }

    /// The run-level failure in `error`, or nil when the error may belong to one item. A permission refusal is
    /// never run-level on its own: ``PermissionRefusals`` decides from the refusals of a step in a row.
    static func of(_ error: CanvasError) -> RunLevelFailure? {
        switch error.kind {
        case .invalidToken:
            return .tokenRejected(error)
        case .insecureURL, .untrustedHost:
            return .unsafeURL(error)
        case .network:
            // Only a connection that was never made says nothing about the item: a dropped answer may be the
            // item's own (an in-doubt write), and is retried item by item.
            return error.connectionFailure.map { .unreachable($0) }
        default:
            return nil
        }
    }
}

/// A permission the token's user lacks for a whole step, as ``PermissionRefusals`` found it.
public struct PermissionLack: Sendable, Hashable, CustomStringConvertible {
    /// The refused request's method and path, without its query (`POST /api/v1/accounts/1/users`).
    public var request: String
    /// What Canvas said of the refusal; empty when it said nothing.
    public var canvasSays: String
    /// The step whose items were refused.
    public var stepID: String
    /// How many of the step's items in a row were refused.
    public var refusals: Int

    /// A lack found from `refusals` refusals in a row of `stepID`'s items.
    public init(request: String, canvasSays: String, stepID: String, refusals: Int) {
        self.request = request
        self.canvasSays = canvasSays
        self.stepID = stepID
        self.refusals = refusals
    }

    public var description: String {
        let said = canvasSays.isEmpty ? "" : " (Canvas says: \(canvasSays))"
        return "Canvas refused permission for \(request): the token's user may not do this\(said); \(refusals) items "
            + "of step '\(stepID)' in a row were refused, none allowed, so no item after them was sent. "
            + "Give the user a role that may do this, then resume."
    }
}
