/// Why a connection to a host could not be made, in the words an admin checks first: the name (DNS), nothing
/// listening (refused), the certificate or TLS, or no answer (timeout).
enum ConnectionFailureCause {
    /// The cause of a failure to connect to `host:port`, from the error the HTTP stack gave, or nil when the error
    /// is not one of these.
    static func describe(_ error: any Error, host: String, port: Int) -> String? {
        let text = String(reflecting: error).lowercased()
        let place = "\(host):\(port)"
        if text.contains("connection refused") || text.contains("econnrefused") || text.contains("errno: 111") {
            return "\(place) refused the connection: nothing is listening there (is Canvas, or the sandbox, running "
                + "on that port?)"
        }
        if text.contains("dnsaerror: optional") || text.contains("dnsaaaaerror: optional")
            || text.contains("could not be resolved") || text.contains("nodename nor servname")
            || text.contains("name or service not known")
        {
            return "the name \(host) could not be resolved (DNS): check the host name"
        }
        if text.contains("ssl") || text.contains("tls") || text.contains("handshake") || text.contains("certificate") {
            return "the TLS handshake with \(place) failed: check the certificate and that the host speaks HTTPS"
        }
        if text.contains("timeout") || text.contains("timed out") {
            return "connecting to \(place) timed out: check the host, the network and any firewall"
        }
        return nil
    }
}
