import Diagnostics
import Foundation
import OrderedCollections
import YAML

/// Finds access tokens and other credentials pasted into a job file, without ever echoing them: each
/// diagnostic marks the value as a secret, so the rendered source line shows only its first characters.
enum SecretScanner {
    private static let secretKeys: Set<String> = [
        "token", "access_token", "authorization", "api_key", "bearer", "password",
    ]

    static func scan(_ node: YAMLNode, into diagnostics: inout DiagnosticCollector) {
        switch node.kind {
        case .scalar(let scalar):
            if looksLikeToken(scalar.text) {
                diagnostics.append(
                    Diagnostic.error(
                        "this value looks like a Canvas access token; tokens never go in job files (they would end up in version control and plans): set the environment's token_env or token_file instead, and revoke this token",
                        at: node.range
                    ).redacting(node.range))
            }
        case .sequence(let elements):
            for element in elements { scan(element, into: &diagnostics) }
        case .mapping(let pairs):
            for pair in pairs {
                if let key = pair.key.scalar?.text, secretKeys.contains(key.lowercased()),
                    let value = pair.value.scalar,
                    !value.text.isEmpty, !value.text.contains("${{")
                {
                    diagnostics.append(
                        Diagnostic.error(
                            "'\(key)' looks like a secret; job files hold no credentials: Easel sends the environment's token itself",
                            at: pair.value.range
                        ).redacting(pair.value.range))
                    continue
                }
                scan(pair.key, into: &diagnostics)
                scan(pair.value, into: &diagnostics)
            }
        }
    }

    /// Whether a key or variable of this name holds a credential (`token`, `password`, …), in any case.
    static func isSecretKey(_ name: String) -> Bool {
        secretKeys.contains(name.lowercased())
    }

    /// Canvas tokens are `<shard digits>~<64 alphanumerics>`; `Bearer <long word>` is a pasted header.
    static func looksLikeToken(_ text: String) -> Bool {
        SecretMask.containsToken(text)
    }
}
