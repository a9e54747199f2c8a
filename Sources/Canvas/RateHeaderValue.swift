public import Foundation

/// Parses the throttle headers Canvas sends: `X-Rate-Limit-Remaining` and `X-Request-Cost`, which Ruby prints as
/// floats (`587.23`, `0.0`, `1.0e-05`, `-12.5`), and `Retry-After`, in seconds or as an HTTP date.
///
/// A server's header is untrusted input: a value that is huge, negative where it cannot be, `inf`, `nan` or
/// garbage is clamped or ignored, so no arithmetic on it can trap.
public enum RateHeaderValue {
    /// The largest magnitude a bucket value is taken at: Canvas's bucket holds hundreds of units, and anything
    /// beyond this many is a broken server, read as this many.
    public static let largestMagnitude = 1_000_000.0

    /// The longest `Retry-After` honoured: a server asking for longer is waited on this long.
    public static let longestRetryAfter: Duration = .seconds(3600)

    /// The number in a bucket header value (remaining or cost), clamped to ±``largestMagnitude``, or nil when
    /// it is not a number Ruby would print.
    public static func parse(_ text: String) -> Double? {
        // A number too large for Double reads as infinity: clamped like any other huge value.
        guard let value = decimal(text), !value.isNaN else { return nil }
        return min(max(value, -largestMagnitude), largestMagnitude)
    }

    /// A `Retry-After` value: whole or fractional seconds, or an HTTP date; at most ``longestRetryAfter``, and
    /// nil when it is neither (or a negative number).
    public static func retryAfter(_ text: String, now: Date = Date()) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = decimal(trimmed) {
            guard seconds >= 0, !seconds.isNaN else { return nil }
            return clampedDelay(seconds)
        }
        guard let seconds = httpDateSeconds(trimmed) else { return nil }
        return clampedDelay(max(0, seconds - now.timeIntervalSince1970))
    }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Seconds since 1970 of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`), read by hand: Foundation's date
    /// formatter traps on some far-off years a server may send.
    static func httpDateSeconds(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT",
            let day = Int(parts[1]), (1...31).contains(day),
            let month = months.firstIndex(of: String(parts[2])),
            parts[3].count == 4, let year = Int(parts[3]), (1...9999).contains(year)
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]), let second = Int(time[2]),
            (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: month + 1, day: day)
        return Double(days * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shifted = month <= 2 ? year - 1 : year
        let era = (shifted >= 0 ? shifted : shifted - 399) / 400
        let yearOfEra = shifted - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// A decimal number as Ruby prints one (digits, a point, an exponent), possibly out of `Double`'s range;
    /// nil for anything else, such as the hex floats and `nan`/`inf` spellings `Double` also reads.
    private static func decimal(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.utf8.count <= 64,
            trimmed.allSatisfy({ "0123456789.eE+-".contains($0) }), trimmed.contains(where: \.isNumber)
        else { return nil }
        return Double(trimmed)
    }

    private static func clampedDelay(_ seconds: Double) -> Duration {
        let longest = Double(longestRetryAfter.components.seconds)
        guard seconds.isFinite, seconds < longest else { return longestRetryAfter }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
