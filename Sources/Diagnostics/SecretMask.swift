/// Finds and hides secrets in the text Easel prints: Canvas access tokens and pasted `Bearer` headers.
///
/// A masked token keeps its first few characters, so that an admin can tell which one is meant, and every other
/// character becomes `*`; any other secret (a password under a `password:` key) is masked whole. The text keeps
/// its length, so a caret under it still lines up.
public enum SecretMask {
    /// How many characters of a masked token stay visible.
    public static let visiblePrefix = 4

    /// Whether the text holds something shaped like a Canvas access token (`<1-5 digits>~<20 or more letters
    /// and digits>`) or a pasted `Bearer` header with a long credential.
    public static func containsToken(_ text: String) -> Bool {
        mayHoldToken(text) && !tokenSpans(in: Array(text.unicodeScalars)).isEmpty
    }

    /// `bearer ` as bytes, lower case.
    private static let bearerBytes = Array("bearer ".utf8)

    /// Whether the text has a `~` or a `bearer ` (in any case): one pass over its bytes, so that the text Easel
    /// checks by the thousand is not copied.
    private static func mayHoldToken(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { mayHoldToken(bytes: $0) }
    }

    private static func mayHoldToken(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var matched = 0
        for byte in bytes {
            if byte == UInt8(ascii: "~") { return true }
            // Setting bit 5 lowers ASCII letters and keeps the space; other bytes may match wrongly, which
            // only costs the full check.
            let lowered = byte | 0x20
            if lowered == bearerBytes[matched] {
                matched += 1
                if matched == bearerBytes.count { return true }
            } else {
                matched = lowered == bearerBytes[0] ? 1 : 0
            }
        }
        return false
    }

    /// The text with every token in it masked.
    public static func masking(_ text: String) -> String {
        guard containsToken(text) else { return text }
        var scalars = Array(text.unicodeScalars)
        let spans = tokenSpans(in: scalars)
        guard !spans.isEmpty else { return text }
        for span in spans { mask(&scalars, span) }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    /// The spans, in scalar offsets, of token-shaped text.
    static func tokenSpans(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "~", let span = canvasToken(around: index, in: scalars) {
                spans.append(span)
                index = span.upperBound
            } else if scalar == "b" || scalar == "B", let span = bearerCredential(at: index, in: scalars) {
                spans.append(span)
                index = span.upperBound
            } else {
                index += 1
            }
        }
        return spans
    }

    /// Masks `span` of `scalars` in place: whitespace stays, the first `visible` other characters stay, the rest
    /// become `*`.
    static func mask(_ scalars: inout [Unicode.Scalar], _ span: Range<Int>, keeping visible: Int = visiblePrefix) {
        var seen = 0
        for index in span.clamped(to: 0..<scalars.count) where !scalars[index].properties.isWhitespace {
            if seen >= visible { scalars[index] = "*" }
            seen += 1
        }
    }

    /// Masks a span known to hold a secret: only the tokens in it when it shows their shape (their first
    /// characters kept), otherwise all of it.
    static func maskSecret(_ scalars: inout [Unicode.Scalar], _ span: Range<Int>) {
        let span = span.clamped(to: 0..<scalars.count)
        let tokens = tokenSpans(in: Array(scalars[span]))
        guard !tokens.isEmpty else { return mask(&scalars, span, keeping: 0) }
        for token in tokens {
            mask(&scalars, (token.lowerBound + span.lowerBound)..<(token.upperBound + span.lowerBound))
        }
    }

    /// The Canvas token whose `~` is at `tilde`: `<shard digits>~<alphanumerics>`.
    private static func canvasToken(around tilde: Int, in scalars: [Unicode.Scalar]) -> Range<Int>? {
        var start = tilde
        while start > 0, isDigit(scalars[start - 1]) { start -= 1 }
        var end = tilde + 1
        while end < scalars.count, isAlphanumeric(scalars[end]) { end += 1 }
        guard (1...5).contains(tilde - start), end - tilde - 1 >= 20 else { return nil }
        return start..<end
    }

    /// `bearer ` in lower case, as a pasted `Authorization` header starts (in any case).
    private static let bearer = Array("bearer ".unicodeScalars)

    /// The credential after a `Bearer ` that starts at `index`, if it is long and not an expression.
    private static func bearerCredential(at index: Int, in scalars: [Unicode.Scalar]) -> Range<Int>? {
        guard index + bearer.count <= scalars.count else { return nil }
        for (offset, expected) in bearer.enumerated() where lowercased(scalars[index + offset]) != expected {
            return nil
        }
        let start = index + bearer.count
        var end = start
        while end < scalars.count, !scalars[end].properties.isWhitespace { end += 1 }
        guard end - start >= 20 else { return nil }
        let credential = String(String.UnicodeScalarView(scalars[start..<end]))
        return credential.contains("${{") ? nil : start..<end
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool { isDigit(scalar) || isLetter(scalar) }
}
