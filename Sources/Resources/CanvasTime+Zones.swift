public import Foundation

extension CanvasTime {
    /// Whether an ISO 8601 text names its own zone (`Z` or an offset such as `-06:00`), so that it means the same
    /// instant whatever zone it is read in.
    public static func hasExplicitZone(_ text: String) -> Bool {
        localParts(text.trimmingCharacters(in: .whitespaces)) == nil
    }

    /// The canonical form (`…Z`) of an ISO 8601 time or date, reading a value without an offset as local time in
    /// `zone`; nil when the text is not a time.
    public static func canonical(_ text: String, in zone: CanvasTimeZone) -> String? {
        guard let date = parse(text, in: zone) else { return nil }
        let seconds = date.timeIntervalSince1970.rounded(.down)
        return Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    }

    /// The instant an ISO 8601 time or date names, a value without an offset read as local time in `zone`.
    public static func parse(_ text: String, in zone: CanvasTimeZone) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let parts = localParts(trimmed) else { return zoned(trimmed) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone.zone
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        (components.hour, components.minute, components.second) = (parts[3], parts[4], parts[5])
        // In a daylight-saving gap the next valid time is taken, as Ruby's `Time.zone.local` does.
        return calendar.date(from: components)
    }

    /// The instant of a text with its own zone (`Z` or an offset), fractional seconds allowed.
    static func zoned(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The local date as `YYYY-MM-DD` and the time, when it has one, as the job wrote it without a zone: what a
    /// plan shows beside the UTC value (`2026-12-20 in America/Chicago`).
    public static func localDescription(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard localParts(trimmed) != nil else { return nil }
        return trimmed.replacingOccurrences(of: "T", with: " ")
    }

    /// Year, month, day, hour, minute and second of a date or a time without a zone, or nil when the text has a
    /// zone or is not of that form.
    static func localParts(_ text: String) -> [Int]? {
        let characters = Array(text)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= characters.count else { return nil }
            let slice = characters[range]
            guard slice.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(String(slice))
        }
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-",
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        if characters.count == 10 { return [year, month, day, 0, 0, 0] }
        guard characters[10] == "T" || characters[10] == " ", characters.count >= 16, characters[13] == ":",
            let hour = number(11..<13), let minute = number(14..<16)
        else { return nil }
        var index = 16
        var second = 0
        if index < characters.count, characters[index] == ":" {
            guard let value = number(17..<19) else { return nil }
            second = value
            index = 19
            if index < characters.count, characters[index] == "." {
                index += 1
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
            }
        }
        guard index == characters.count else { return nil }
        return [year, month, day, hour, minute, second]
    }
}
