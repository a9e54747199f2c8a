import Foundation

/// Removes secrets from URLs before they are logged or shown: `access_token` and `api_key` values.
enum URLRedaction {
    /// The URL with the values of secret query parameters replaced by `[redacted]`.
    static func redact(_ url: String) -> String {
        guard let queryStart = url.firstIndex(of: "?") else { return url }
        let query = url[url.index(after: queryStart)...]
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let plain = name.removingPercentEncoding?.lowercased() ?? name.lowercased()
            return ["access_token", "api_key"].contains(plain) ? "\(name)=[redacted]" : String(pair)
        }
        return String(url[..<queryStart]) + "?" + pairs.joined(separator: "&")
    }
}
