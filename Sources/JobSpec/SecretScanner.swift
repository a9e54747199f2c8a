import Diagnostics
import Foundation
import OrderedCollections
import YAML

/// Finds access tokens pasted into a job file, without ever echoing them.
enum SecretScanner {
    private static let secretKeys: Set<String> = [
        "token", "access_token", "authorization", "api_key", "bearer", "password",
    ]

    static func scan(_ node: YAMLNode, into diagnostics: inout DiagnosticCollector) {
        switch node.kind {
        case .scalar(let scalar):
            if looksLikeToken(scalar.text) {
                diagnostics.error(
                    "this value looks like a Canvas access token; tokens never go in job files (they would end up in version control and plans): set the environment's token_env or token_file instead, and revoke this token",
                    at: node.range)
            }
        case .sequence(let elements):
            for element in elements { scan(element, into: &diagnostics) }
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar?.text, secretKeys.contains(key.lowercased()),
                    let value = pair.value.scalar,
                    !value.text.isEmpty, !value.text.contains("${{")
                {
                    diagnostics.error(
                        "'\(key)' looks like a secret; job files hold no credentials: Easel sends the environment's token itself",
                        at: pair.value.range)
                    continue
                }
                scan(pair.key, into: &diagnostics)
                scan(pair.value, into: &diagnostics)
            }
        }
    }

    /// Canvas tokens are `<shard digits>~<64 alphanumerics>`; `Bearer <long word>` is a pasted header.
    static func looksLikeToken(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "~" else {
                index += 1
                continue
            }
            var digitsBefore = 0
            var back = index - 1
            while back >= 0, ("0"..."9").contains(scalars[back]) {
                digitsBefore += 1
                back -= 1
            }
            var alphanumericsAfter = 0
            var forward = index + 1
            while forward < scalars.count, scalars[forward].isASCII,
                scalars[forward].properties.isAlphabetic || ("0"..."9").contains(scalars[forward])
            {
                alphanumericsAfter += 1
                forward += 1
            }
            if (1...5).contains(digitsBefore) && alphanumericsAfter >= 20 { return true }
            index = forward
        }
        if let range = text.range(of: "Bearer ", options: .caseInsensitive) {
            let rest = text[range.upperBound...].prefix { !$0.isWhitespace }
            if rest.count >= 20 && !rest.contains("${{") { return true }
        }
        return false
    }
}
