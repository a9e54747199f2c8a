public import Foundation

/// Times as Canvas writes them: ISO 8601 in UTC, to the second (`2026-08-24T09:00:00Z`).
public enum CanvasTime {
    /// The canonical form of an ISO 8601 time or date, or nil when the text is not one.
    ///
    /// Any zone offset and fractional seconds are accepted; Canvas keeps whole seconds, so the fraction is
    /// dropped. A date alone is midnight UTC.
    public static func canonical(_ text: String) -> String? {
        guard let date = parse(text) else { return nil }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }

    /// The instant an ISO 8601 time or date names.
    public static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Date(trimmed, strategy: .iso8601) { return date }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(trimmed, strategy: fractional) { return date }
        // A time without a zone, or a date alone, is read as UTC here; `parse(_:in:)` reads it in a zone.
        guard let utc = CanvasTimeZone(name: "UTC") else { return nil }
        return parse(trimmed, in: utc)
    }
}
