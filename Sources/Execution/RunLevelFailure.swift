public import Canvas

/// A failure every item of the run would hit, whatever its data: Canvas cannot be reached, it rejects the token,
/// or the token's user lacks a permission a whole step needs. The run reports it once and stops starting items;
/// those not begun stay pending, so `resume` carries on once the cause is fixed.
public struct RunLevelFailure: Sendable, Hashable {
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

    /// What every item would hit.
    public var cause: Cause
    /// The failure, worded for a Canvas admin.
    public var reason: String

    /// A run-level failure.
    public init(cause: Cause, reason: String) {
        self.cause = cause
        self.reason = reason
    }

    /// The run-level failure in `error`, or nil when the error may belong to one item. A permission refusal is
    /// never run-level on its own: ``PermissionRefusals`` decides from the refusals of a step in a row.
    static func of(_ error: CanvasError) -> RunLevelFailure? {
        switch error.kind {
        case .invalidToken:
            return RunLevelFailure(cause: .tokenRejected, reason: error.description)
        case .insecureURL, .untrustedHost:
            return RunLevelFailure(cause: .unsafeURL, reason: error.description)
        case .network(let detail):
            // Only a connection that was never made says nothing about the item: a dropped answer may be the
            // item's own (an in-doubt write), and is retried item by item.
            guard isConnectionFailure(detail) else { return nil }
            return RunLevelFailure(cause: .unreachable, reason: "\(unreachablePrefix)\(detail)")
        default:
            return nil
        }
    }

    /// The part of a run-level reason that the messages of the items it failed contain too.
    public static func sharedCause(of reason: String) -> String {
        if reason.hasPrefix(unreachablePrefix) { return String(reason.dropFirst(unreachablePrefix.count)) }
        if reason.hasPrefix(PermissionRefusals.reasonPrefix) { return PermissionRefusals.itemMessageMark }
        return reason
    }

    private static let unreachablePrefix = "could not reach Canvas: "

    private static func isConnectionFailure(_ detail: String) -> Bool {
        detail.hasPrefix("could not connect") || detail.contains("refused the connection")
            || detail.contains("could not be resolved") || detail.contains("TLS handshake")
            || detail.contains("timed out")
    }
}
