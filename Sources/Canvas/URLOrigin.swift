import Foundation

/// The scheme, host and port of a URL: what decides whether the token may go there.
public struct URLOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `https` or `http`.
    public var scheme: String
    /// The host, lowercased, without brackets.
    public var host: String
    /// The port, explicit or the scheme's default.
    public var port: Int

    /// The origin of an absolute `http(s)` URL, or nil.
    public init?(_ url: String) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    public var isLoopback: Bool { Self.isLoopback(host: host) }

    /// Whether `host` names this machine.
    public static func isLoopback(host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1" {
            return true
        }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// Whether a token may be sent here: HTTPS, or plain HTTP to this machine.
    public var isSecureForToken: Bool { scheme == "https" || isLoopback }

    /// Whether this is the same server as `other`; loopback names count as one host.
    public func isSameServer(as other: URLOrigin) -> Bool {
        guard scheme == other.scheme, port == other.port else { return false }
        return host == other.host || (isLoopback && other.isLoopback)
    }

    public var description: String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }
}
