import Foundation

extension SandboxStore {
    /// An ISO 8601 time as Canvas writes it back (`YYYY-MM-DDTHH:MM:SSZ`, UTC), or nil when empty or unreadable.
    static func normalizedTime(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: " "), !text.isEmpty else { return nil }
        if let date = try? Date(text, strategy: .iso8601) { return date.formatted(.iso8601) }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date.formatted(.iso8601) }
        return nil
    }
}
