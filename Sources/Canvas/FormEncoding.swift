public import JSONValues
import OrderedCollections

/// Turns nested values into the flat name/value pairs Rack (and so Canvas) reads back into the same nesting:
/// `course[name]`, `ids[]`, `a[b][c][]`, booleans as `true`/`false`.
public enum FormEncoding {
    /// Bytes left as they are in a form name or value (`application/x-www-form-urlencoded`).
    private static let allowedBytes: Set<UInt8> = {
        var bytes = Set<UInt8>()
        bytes.formUnion(UInt8(ascii: "a")...UInt8(ascii: "z"))
        bytes.formUnion(UInt8(ascii: "A")...UInt8(ascii: "Z"))
        bytes.formUnion(UInt8(ascii: "0")...UInt8(ascii: "9"))
        for character in "-._*" { bytes.formUnion(character.utf8) }
        return bytes
    }()

    /// The pairs for a value: an object's members become names, nested objects `outer[inner]`, arrays
    /// `name[]` (objects inside arrays `name[][key]`), null an empty value (Canvas reads it as "clear"),
    /// an empty array `name[]` with an empty value, an empty object nothing.
    public static func pairs(for value: JSONValue) -> [QueryParameter] {
        var result: [QueryParameter] = []
        switch value {
        case .object(let members):
            for (key, member) in members {
                // A list written under Canvas's own spelling (`state[]: [active]`) is sent as `state[]=active`, not
                // `state[][]=active`, which Canvas would read as a list of lists and so ignore.
                let name = if case .array = member, key.hasSuffix("[]") { String(key.dropLast(2)) } else { key }
                append(member, named: name, to: &result)
            }
        case .array(let elements):
            // A top-level array has no name to hang on; its objects contribute their members.
            for element in elements { result += pairs(for: element) }
        default:
            break
        }
        return result
    }

    /// The scalar text Canvas expects for a value, or nil for containers.
    public static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .null: ""
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double: value.serialized()
        case .string(let text): text
        // An unknown never reaches a request: apply resolves every value first.
        case .array, .object, .unknown: nil
        }
    }

    private static func append(_ value: JSONValue, named name: String, to result: inout [QueryParameter]) {
        switch value {
        case .object(let members):
            for (key, member) in members { append(member, named: "\(name)[\(key)]", to: &result) }
        case .array(let elements):
            if elements.isEmpty {
                result.append(QueryParameter(name: "\(name)[]", value: ""))
            }
            for element in elements { append(element, named: "\(name)[]", to: &result) }
        default:
            result.append(QueryParameter(name: name, value: scalarText(value) ?? ""))
        }
    }

    /// `name=value&…`, each side percent-encoded (space as `+`, brackets as `%5B`/`%5D`).
    public static func encode(_ parameters: [QueryParameter]) -> String {
        parameters.map { encodeComponent($0.name) + "=" + encodeComponent($0.value) }.joined(separator: "&")
    }

    /// One form component percent-encoded.
    public static func encodeComponent(_ text: String) -> String {
        CanvasPath.percentEncode(text, allowed: allowedBytes, spaceAsPlus: true)
    }
}
