import OrderedCollections

/// Options for writing JSON text.
public struct JSONWritingOptions: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Indent with two spaces and put each member on its own line.
    public static let prettyPrinted = JSONWritingOptions(rawValue: 1 << 0)
    /// Write object members sorted by key instead of in their stored order.
    public static let sortedKeys = JSONWritingOptions(rawValue: 1 << 1)
}

extension JSONValue {
    /// This value as JSON text.
    public func serialized(options: JSONWritingOptions = []) -> String {
        var output = ""
        write(to: &output, options: options, depth: 0)
        return output
    }

    /// Appends this value as JSON text to `output`, as `serialized` writes it when nested `depth` levels deep, so
    /// that a long document can be written one part at a time.
    public func write(to output: inout String, options: JSONWritingOptions, depth: Int) {
        let pretty = options.contains(.prettyPrinted)
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .int(let value): output += String(value)
        case .double(let value): output += Self.format(value)
        case .string(let value): Self.writeString(value, to: &output)
        // In JSON, an unknown is written as a saved plan file holds it; `restoringUnknowns` reads it back.
        case .unknown: markingUnknowns.write(to: &output, options: options, depth: depth)
        case .array(let elements):
            if elements.isEmpty {
                output += "[]"
                return
            }
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: depth + 1) }
                element.write(to: &output, options: options, depth: depth + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: depth) }
            output += "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{"
            let keys = options.contains(.sortedKeys) ? members.keys.sorted() : Array(members.keys)
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                if pretty { output += "\n" + String(repeating: "  ", count: depth + 1) }
                Self.writeString(key, to: &output)
                output += pretty ? ": " : ":"
                members[key, default: .null].write(to: &output, options: options, depth: depth + 1)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: depth) }
            output += "}"
        }
    }

    /// A double as JSON: integral values without a fraction, non-finite values as null.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }

    /// Appends `value` as a JSON string literal to `output`.
    public static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
