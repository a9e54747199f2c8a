public import Foundation

/// The identifier of one apply run: its start time in UTC and a random suffix, such as `20261125-142301-7f3a`.
///
/// Identifiers sort by start time as text, so the newest run is the greatest.
public struct RunID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The identifier as text.
    public let rawValue: String

    /// Wraps `rawValue` as it is; use `init?(validating:)` for text a user typed.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Parses a run id a user typed, or returns nil when it does not have the shape `YYYYMMDD-HHMMSS-xxxx`.
    public init?(validating text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 8, parts[1].count == 6, (4...16).contains(parts[2].count),
            parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
            parts[2].allSatisfy(\.isLowercaseHexDigit)
        else { return nil }
        self.rawValue = text
    }

    /// A new identifier for a run starting at `date`, with a random four-digit hexadecimal suffix.
    public static func generate(at date: Date = Date()) -> RunID {
        var generator = SystemRandomNumberGenerator()
        return generate(at: date, using: &generator)
    }

    /// A new identifier for a run starting at `date`, drawing its suffix from `generator`.
    public static func generate(at date: Date, using generator: inout some RandomNumberGenerator) -> RunID {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2)
        let time = pad(parts.hour, 2) + pad(parts.minute, 2) + pad(parts.second, 2)
        let suffix = String(UInt16.random(in: .min ... .max, using: &generator), radix: 16)
        return RunID(rawValue: "\(day)-\(time)-\(String(repeating: "0", count: 4 - suffix.count) + suffix)")
    }

    /// The identifier as text.
    public var description: String { rawValue }

    /// Orders identifiers as text, which is start-time order.
    public static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Decodes the identifier from a single string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes the identifier as a single string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func pad(_ number: Int?, _ width: Int) -> String {
        let digits = String(number ?? 0)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    fileprivate var isLowercaseHexDigit: Bool { isASCIIDigit || ("a"..."f").contains(self) }
}
