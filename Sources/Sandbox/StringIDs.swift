import JSONValues
import OrderedCollections

/// `StringifyIds.recursively_stringify_ids`: what `Accept: application/json+canvas-string-ids` does to a body.
enum StringIDs {
    /// Integers under keys matching `/(^|_)id$/i`, and integer elements of arrays under keys matching
    /// `/(^|_)ids$/i`, become strings; everything else is walked recursively.
    static func stringify(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements):
            return .array(elements.map(stringify))
        case .object(let members):
            var result = OrderedDictionary<String, JSONValue>()
            for (key, member) in members {
                let lowered = key.lowercased()
                if lowered == "id" || lowered.hasSuffix("_id"), case .int(let number) = member {
                    result[key] = .string(String(number))
                } else if lowered == "ids" || lowered.hasSuffix("_ids"), case .array(let elements) = member {
                    result[key] = .array(
                        elements.map { element in
                            if case .int(let number) = element { return .string(String(number)) }
                            return stringify(element)
                        })
                } else {
                    result[key] = stringify(member)
                }
            }
            return .object(result)
        default:
            return value
        }
    }
}
