import Foundation

/// A Canvas access token: its text is only leaves it as an `Authorization` header, and every
/// description of it is redacted, so printing or logging one never shows the secret.
public struct CanvasToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let secret: String

    /// Wraps the text of a token, trimming the whitespace a token file or variable often carries.
    public init(_ text: String) {
        secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the token is empty (a variable set to nothing, say).
    public var isEmpty: Bool { secret.isEmpty }

    /// The `Authorization` header value; the only place the secret leaves this type.
    package var authorizationHeaderValue: String { "Bearer \(secret)" }

    /// The secret itself, for code that must compare or scan for it (tests checking that it leaked nowhere).
    package var revealed: String { secret }

    /// A short, non-reversible label telling tokens apart in logs (`token#1a2b`).
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in secret.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "token#" + String(String(hash, radix: 16).suffix(4))
    }

    public var description: String { "<redacted \(fingerprint)>" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
