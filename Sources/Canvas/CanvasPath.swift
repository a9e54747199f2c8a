/// Builds Canvas API paths whose segments are percent-encoded correctly, so SIS IDs such as
/// `sis_course_id:CS/101.11é` stay one segment (`sis_course_id:CS%2F101.11%C3%A9`).
public enum CanvasPath {
    /// Bytes left as they are in a path segment.
    ///
    /// RFC 3986 unreserved characters plus the readable `:`, `@` and a few sub-delimiters that no server treats
    /// specially. `+`, `&`, `=` and `;` are encoded because some servers and proxies give them meaning.
    private static let allowedBytes: Set<UInt8> = {
        var bytes = Set<UInt8>()
        bytes.formUnion(UInt8(ascii: "a")...UInt8(ascii: "z"))
        bytes.formUnion(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        bytes.formUnion(UInt8(ascii: "0")...UInt8(ascii: "9"))
        for character in "-._~:@!$'()*," { bytes.formUnion(character.utf8) }
        return bytes
    }()

    /// Percent-encodes one path segment (an ID, a SIS ID, a name) as UTF-8.
    public static func encodeSegment(_ segment: String) -> String {
        percentEncode(segment, allowed: allowedBytes)
    }

    /// Joins segments under `/api/v1`, encoding each: `apiV1("courses", "sis_course_id:A/1")`.
    public static func apiV1(_ segments: String...) -> String {
        "/api/v1/" + segments.map(encodeSegment).joined(separator: "/")
    }

    /// Percent-encodes `text` as UTF-8, keeping the bytes in `allowed`.
    static func percentEncode(_ text: String, allowed: Set<UInt8>, spaceAsPlus: Bool = false) -> String {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed.contains(byte) {
                output.append(byte)
            } else if spaceAsPlus, byte == UInt8(ascii: " ") {
                output.append(UInt8(ascii: "+"))
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
