import Foundation

/// Parses Canvas's throttle header values, which Ruby prints as floats: `587.23`, `0.0`, `1.0e-05`, `-12.5`.
public enum RateHeaderValue {
    /// The number in a header value, or nil when it is not one.
    public static func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, let value = Double(trimmed), value.isFinite else { return nil }
        // Swift's Double also reads hex floats and "nan"/"inf" spellings; Ruby never prints those.
        guard trimmed.allSatisfy({ "0123456789.eE+-".contains($0) }) else { return nil }
        return value
    }
}
