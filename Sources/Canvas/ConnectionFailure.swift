/// Why a connection to a host could not be made, in the words an admin checks first: the name (DNS), nothing
/// listening (refused), the certificate or TLS, or no answer (timeout). The request surely never left.
public enum ConnectionFailure: Sendable, Hashable, CustomStringConvertible {
    /// Nothing listens at `place` (`host:port`).
    case refused(place: String)
    /// The name `host` could not be resolved.
    case unresolved(host: String)
    /// The TLS handshake with `place` failed.
    case tlsFailed(place: String)
    /// Connecting to `place` timed out.
    case timedOut(place: String)
    /// The HTTP stack reported that no connection was made, as an error of type `errorType`, and no more.
    case notConnected(errorType: String)

    public var description: String {
        switch self {
        case .refused(let place):
            "\(place) refused the connection: nothing is listening there (is Canvas, or the sandbox, running on "
                + "that port?)"
        case .unresolved(let host): "the name \(host) could not be resolved (DNS): check the host name"
        case .tlsFailed(let place):
            "the TLS handshake with \(place) failed: check the certificate and that the host speaks HTTPS"
        case .timedOut(let place): "connecting to \(place) timed out: check the host, the network and any firewall"
        case .notConnected(let errorType): "could not connect (\(errorType))"
        }
    }

    /// The failure to connect to `host:port` that the HTTP stack's `error` reports, or nil when the error is not
    /// one of the causes an admin checks first.
    init?(_ error: any Error, host: String, port: Int) {
        // The HTTP stack's errors name their cause only in their text.
        let text = String(reflecting: error).lowercased()
        let place = "\(host):\(port)"
        if text.contains("connection refused") || text.contains("econnrefused") || text.contains("errno: 111") {
            self = .refused(place: place)
        } else if text.contains("dnsaerror: optional") || text.contains("dnsaaaaerror: optional")
            || text.contains("could not be resolved") || text.contains("nodename nor servname")
            || text.contains("name or service not known")
        {
            self = .unresolved(host: host)
        } else if text.contains("ssl") || text.contains("tls") || text.contains("handshake")
            || text.contains("certificate")
        {
            self = .tlsFailed(place: place)
        } else if text.contains("timeout") || text.contains("timed out") {
            self = .timedOut(place: place)
        } else {
            return nil
        }
    }
}
