import Canvas

/// A failure every item of the run would hit, whatever its data: Canvas cannot be reached, or it rejects the
/// token. The run reports it once and stops starting items; those not begun stay pending, so `resume` carries on
/// once the cause is fixed.
enum RunLevelFailure {
    /// The run-level reason in `error`, worded for a Canvas admin, or nil when the error belongs to one item.
    static func reason(in error: CanvasError) -> String? {
        switch error.kind {
        case .invalidToken, .insecureURL, .untrustedHost:
            return error.description
        case .network(let detail):
            // Only a connection that was never made says nothing about the item: a dropped answer may be the
            // item's own (an in-doubt write), and is retried item by item.
            return isConnectionFailure(detail) ? "could not reach Canvas: \(detail)" : nil
        default:
            return nil
        }
    }

    private static func isConnectionFailure(_ detail: String) -> Bool {
        detail.hasPrefix("could not connect") || detail.contains("refused the connection")
            || detail.contains("could not be resolved") || detail.contains("TLS handshake")
            || detail.contains("timed out")
    }
}
