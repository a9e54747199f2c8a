import JSONValues
import OrderedCollections

/// A JSON object, as the sandbox builds its responses.
typealias JSONValuesObject = OrderedDictionary<String, JSONValue>

/// An object id as a Canvas API path or parameter may spell it (`lib/api.rb`, `sis_parse_id`).
enum CanvasIDForm: Sendable, Equatable {
    /// A Canvas id: up to 19 digits.
    case canvasID(Int)
    /// A SIS or LTI id: the column (`sis_course_id`, `sis_login_id`, …) and the value.
    case sis(column: String, value: String)
    /// `uuid:…`.
    case uuid(String)
    /// Anything else; looks up nothing.
    case unrecognized(String)

    /// Reads `text`, already percent-decoded; surrounding whitespace is stripped first, as Canvas does.
    init(parsing text: String) {
        let stripped = text.trimmingCharacters(in: " ").trimmingCharacters(in: "\n").trimmingCharacters(in: "\t")
        if stripped.hasPrefix("hex:"), let form = Self.parseHex(stripped.dropFirst(4)) {
            self = form
        } else if let colon = stripped.firstIndex(of: ":"),
            Self.isSISPrefix(stripped[..<colon]), stripped.index(after: colon) < stripped.endIndex
        {
            self = .sis(column: String(stripped[..<colon]), value: String(stripped[stripped.index(after: colon)...]))
        } else if (1...19).contains(stripped.count), stripped.allSatisfy(\.isASCIIDigit), let id = Int(stripped) {
            self = .canvasID(id)
        } else if stripped.hasPrefix("uuid:"), stripped.count >= 45,
            stripped.dropFirst(5).allSatisfy({ $0.isWordCharacter })
        {
            self = .uuid(String(stripped.dropFirst(5)))
        } else {
            self = .unrecognized(stripped)
        }
    }

    /// `(lti_[\w_]+|sis_[\w_]+)`.
    private static func isSISPrefix(_ prefix: Substring) -> Bool {
        (prefix.hasPrefix("sis_") || prefix.hasPrefix("lti_")) && prefix.count > 4
            && prefix.allSatisfy { $0.isWordCharacter }
    }

    /// `hex:(lti_…|sis_…):((hex pairs)+)`.
    private static func parseHex(_ rest: Substring) -> CanvasIDForm? {
        guard let colon = rest.firstIndex(of: ":"), isSISPrefix(rest[..<colon]) else { return nil }
        let hex = Array(rest[rest.index(after: colon)...])
        guard !hex.isEmpty, hex.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < hex.count {
            guard let byte = UInt8(String(hex[index...index + 1]), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return .sis(column: String(rest[..<colon]), value: String(decoding: bytes, as: UTF8.self))
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    /// Ruby's `\w` on ASCII.
    var isWordCharacter: Bool { isASCII && (isLetter || isNumber || self == "_") }
}
