import Foundation

/// Removes secrets from URLs before they are logged or shown, for every host: the values of query parameters
/// that carry credentials (`token`, `access_token`, `api_key`, `signature`, `sig`, `Signature`, and the
/// `X-Amz-*` parameters of presigned S3 URLs such as Canvas's file downloads).
enum URLRedaction {
    /// Query parameter names whose values are secrets, lowercased.
    static let secretNames: Set<String> = ["token", "access_token", "api_key", "signature", "sig"]

    /// Whether a query parameter of this name carries a secret (the name compared without case).
    static func isSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return secretNames.contains(lowered) || lowered.hasPrefix("x-amz-")
    }

    /// The URL with the values of secret query parameters replaced by `[redacted]`; a fragment is kept.
    static func redact(_ url: String) -> String {
        guard let queryStart = url.firstIndex(of: "?") else { return url }
        let afterQuery = url[url.index(after: queryStart)...]
        let fragmentStart = afterQuery.firstIndex(of: "#")
        let query = afterQuery[..<(fragmentStart ?? afterQuery.endIndex)]
        let fragment = fragmentStart.map { String(afterQuery[$0...]) } ?? ""
        let pairs = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
            let plain = (name.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? name)
            return isSecret(plain) ? "\(name)=[redacted]" : String(pair)
        }
        return String(url[..<queryStart]) + "?" + pairs.joined(separator: "&") + fragment
    }
}
