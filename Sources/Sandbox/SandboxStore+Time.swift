import Foundation

/// How Canvas reads and writes times.
///
/// Canvas keeps times in UTC and answers with `YYYY-MM-DDTHH:MM:SSZ`, whatever offset the request gave (fractions
/// of a second are dropped). A value without an offset, a date alone (`2026-12-20`) or a local time
/// (`2026-12-20T09:00`), is read as local time in the request's zone, `Time.zone`, which
/// `ApplicationController#set_time_zone` sets for every request: the `time_zone` of the user making the request
/// when the user has one, else the domain root account's `default_time_zone`. A course's own `time_zone` does not
/// enter into it. `2026-12-20` sent by a user in America/Chicago is stored as `2026-12-20T06:00:00Z`, whichever
/// course it is for. A zone Canvas does not know leaves the value read as UTC.
extension SandboxStore {
    /// The zone Canvas falls back to for an account that has no `default_time_zone` of its own.
    static let fallbackTimeZone = "America/New_York"

    /// An ISO 8601 time as Canvas writes it back (`YYYY-MM-DDTHH:MM:SSZ`, UTC), a value without an offset read in
    /// the zone named `zone`; nil when empty or unreadable.
    static func normalizedTime(_ text: String?, zone: String? = nil) -> String? {
        guard let text = text?.trimmingCharacters(in: " "), !text.isEmpty else { return nil }
        if let parts = localParts(text) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .current
            let components = DateComponents(
                year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
            return calendar.date(from: components).map(whole).map { $0.formatted(.iso8601) }
        }
        if let date = try? Date(text, strategy: .iso8601) { return date.formatted(.iso8601) }
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        if let date = try? Date(text, strategy: fractional) { return whole(date).formatted(.iso8601) }
        return nil
    }

    private static func whole(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }

    /// The zone Canvas reads the request's times without an offset in: the user's `time_zone`, else the root
    /// account's `default_time_zone`.
    func requestTimeZone(_ call: APICall) -> String {
        if let zone = state.users[call.currentUserID]?.timeZone, !zone.isEmpty { return zone }
        let root = state.accounts.values.filter { $0.parentAccountID == nil }.map(\.id).min()
        return root.map { defaultTimeZone(ofAccount: $0) } ?? Self.fallbackTimeZone
    }

    /// The `default_time_zone` of an account, or of its root when the account has none.
    func defaultTimeZone(ofAccount accountID: Int) -> String {
        guard let account = state.accounts[accountID] else { return Self.fallbackTimeZone }
        if let zone = account.defaultTimeZone { return zone }
        if let root = account.rootAccountID, let zone = state.accounts[root]?.defaultTimeZone { return zone }
        return Self.fallbackTimeZone
    }

    /// Year, month, day, hour, minute and second of `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS`
    /// (a fraction allowed), or nil when the text has a zone or another form.
    private static func localParts(_ text: String) -> [Int]? {
        let pattern = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/
        guard let match = text.wholeMatch(of: pattern) else { return nil }
        let output = match.output
        return [
            Int(output.1) ?? 0, Int(output.2) ?? 0, Int(output.3) ?? 0, output.4.flatMap { Int($0) } ?? 0,
            output.5.flatMap { Int($0) } ?? 0, output.6.flatMap { Int($0) } ?? 0,
        ]
    }
}
