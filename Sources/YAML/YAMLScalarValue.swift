/// A scalar's value once typed by the YAML 1.2 core schema.
public enum YAMLScalarValue: Sendable, Hashable {
    /// `~`, `null`, `Null`, `NULL` or an empty plain value.
    case null
    /// `true`/`false` in lower, capitalised or upper case.
    case bool(Bool)
    /// A decimal, `0o` octal or `0x` hexadecimal integer that fits in `Int`.
    case int(Int)
    /// A floating-point number, `.inf` or `.nan` (also an integer too large for `Int`).
    case double(Double)
    /// Anything else, and every quoted or block scalar.
    case string(String)

    static let stringTag = "tag:yaml.org,2002:str"
    static let nullTag = "tag:yaml.org,2002:null"
    static let boolTag = "tag:yaml.org,2002:bool"
    static let intTag = "tag:yaml.org,2002:int"
    static let floatTag = "tag:yaml.org,2002:float"

    /// Types a scalar: an untagged plain scalar by the core schema's rules, a quoted or block one as a string, and
    /// a tagged one as its tag says; nil when the tag asks for a type the text is not, such as `!!int abc`.
    public init?(resolving scalar: YAMLNode.Scalar) {
        let text = scalar.text
        switch scalar.tag {
        case nil:
            self = scalar.style == .plain ? Self.resolvePlain(text) : .string(text)
        case Self.nullTag:
            guard Self.isNull(text) else { return nil }
            self = .null
        case Self.boolTag:
            guard let value = Self.bool(text) else { return nil }
            self = .bool(value)
        case Self.intTag:
            guard let value = Self.int(text) else { return nil }
            self = .int(value)
        case Self.floatTag:
            guard let value = Self.double(text) ?? Self.int(text).map(Double.init) else { return nil }
            self = .double(value)
        default:
            // `!!str`, the non-specific `!` and any local tag keep the text as it is.
            self = .string(text)
        }
    }

    private static func resolvePlain(_ text: String) -> YAMLScalarValue {
        if isNull(text) { return .null }
        if let value = bool(text) { return .bool(value) }
        if let value = int(text) { return .int(value) }
        if let value = double(text) { return .double(value) }
        return .string(text)
    }

    private static func isNull(_ text: String) -> Bool {
        text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }

    private static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`, when the value fits in `Int`.
    private static func int(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            if bytes[1] == UInt8(ascii: "o") {
                return digits.utf8.allSatisfy(isOctalDigit) ? Int(digits, radix: 8) : nil
            }
            if bytes[1] == UInt8(ascii: "x") {
                return digits.utf8.allSatisfy(isHexDigit) ? Int(digits, radix: 16) : nil
            }
        }
        var digits = bytes[...]
        if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy(isDecimalDigit) else { return nil }
        // Swift's Int parser accepts the same forms, a leading "+" included.
        return Int(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf` and `.nan` in the core schema's cases.
    private static func double(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        var bytes = Array(text.utf8)[...]
        var normalized = ""
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            normalized.unicodeScalars.append(Unicode.Scalar(sign))
            bytes = bytes.dropFirst()
        }
        let integerPart = bytes.prefix(while: isDecimalDigit)
        bytes = bytes.dropFirst(integerPart.count)
        var fractionPart: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fractionPart = bytes.prefix(while: isDecimalDigit)
            bytes = bytes.dropFirst(fractionPart.count)
        }
        guard !integerPart.isEmpty || !fractionPart.isEmpty else { return nil }
        normalized += (integerPart.isEmpty ? "0" : String(decoding: integerPart, as: UTF8.self))
        normalized += "." + (fractionPart.isEmpty ? "0" : String(decoding: fractionPart, as: UTF8.self))
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var exponent = "e"
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                exponent.unicodeScalars.append(Unicode.Scalar(sign))
                bytes = bytes.dropFirst()
            }
            let exponentDigits = bytes.prefix(while: isDecimalDigit)
            guard !exponentDigits.isEmpty else { return nil }
            bytes = bytes.dropFirst(exponentDigits.count)
            normalized += exponent + String(decoding: exponentDigits, as: UTF8.self)
        }
        guard bytes.isEmpty else { return nil }
        return Double(normalized)
    }
}

private func isDecimalDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

private func isOctalDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
}

private func isHexDigit(_ byte: UInt8) -> Bool {
    isDecimalDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
        || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
}
