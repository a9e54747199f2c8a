import CanvasRules
public import Foundation

/// The time zone Canvas reads a date without a time, or a time without an offset, in.
///
/// Canvas keeps every time in UTC and answers with `…Z`; a value written without an offset is read as local time
/// in the request's zone: the `time_zone` of the user making the request, else the root account's
/// `default_time_zone`. `2026-12-20` sent by a user in America/Chicago is therefore `2026-12-20T06:00:00Z`.
public struct CanvasTimeZone: Sendable, Hashable {
    /// The zone's IANA name, as Canvas returns it (`America/Chicago`).
    public let name: String
    /// The zone.
    public let zone: TimeZone

    /// The zone called `name`, or nil when Foundation does not know the name.
    public init?(name: String) {
        let trimmed = RailsTimeZones.ianaName(name)
        guard !trimmed.isEmpty, let zone = TimeZone(identifier: trimmed) else { return nil }
        self.name = trimmed
        self.zone = zone
    }
}
