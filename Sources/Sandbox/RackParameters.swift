import JSONValues
import OrderedCollections

/// Rack's nested parameters (`a[b]=x&ids[]=1`) built into a JSON object of strings, arrays and objects.
enum RackParameters {
    /// The most brackets a parameter name may nest, as Rack's `param_depth_limit`.
    static let depthLimit = 100

    /// Parses a query string or an `application/x-www-form-urlencoded` body; a name nested deeper than
    /// ``depthLimit`` is a 400, as Rack's `ParamsTooDeepError` is.
    static func parse(_ text: some StringProtocol) throws(CanvasAPIError) -> JSONValue {
        var root = JSONValue.object([:])
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentEncoding.decode(parts[0], plusAsSpace: true)
            let value = parts.count > 1 ? PercentEncoding.decode(parts[1], plusAsSpace: true) : ""
            guard !name.isEmpty else { continue }
            try checkDepth(of: name)
            root = normalize(root, name: name, value: .string(value))
        }
        return root
    }

    /// Throws the 400 Rack answers for a parameter name nested deeper than ``depthLimit``.
    static func checkDepth(of name: String) throws(CanvasAPIError) {
        guard name.utf8.count(where: { $0 == UInt8(ascii: "[") }) > depthLimit else { return }
        throw .message(status: 400, "Invalid request parameters: exceeded the nesting depth of \(depthLimit)")
    }

    /// Adds one `name=value` pair to `params`, following Rack's `normalize_params`; the name's depth must have
    /// been checked.
    static func normalize(_ params: JSONValue, name: String, value: JSONValue) -> JSONValue {
        var members = params.objectValue ?? [:]
        let key: String
        let after: Substring
        if let bracket = name.firstIndex(of: "["), bracket != name.startIndex {
            key = String(name[..<bracket])
            after = name[bracket...]
        } else {
            key = name
            after = ""
        }
        if after.isEmpty {
            members[key] = value
        } else if after == "[]" {
            var elements = members[key]?.arrayValue ?? []
            elements.append(value)
            members[key] = .array(elements)
        } else if after.hasPrefix("[]["), let close = after.dropFirst(3).firstIndex(of: "]") {
            let childKey = String(after[after.index(after.startIndex, offsetBy: 3)..<close])
            let rest = after[after.index(after: close)...]
            var elements = members[key]?.arrayValue ?? []
            if let last = elements.last, case .object(let lastMembers) = last, lastMembers[childKey] == nil {
                elements[elements.count - 1] = normalize(last, name: childKey + rest, value: value)
            } else {
                elements.append(normalize(.object([:]), name: childKey + rest, value: value))
            }
            members[key] = .array(elements)
        } else if after.hasPrefix("["), let close = after.firstIndex(of: "]") {
            let childKey = String(after[after.index(after: after.startIndex)..<close])
            let rest = after[after.index(after: close)...]
            let child = members[key].flatMap { $0.objectValue != nil ? $0 : nil } ?? .object([:])
            members[key] = normalize(child, name: childKey + rest, value: value)
        } else {
            members[name] = value
        }
        return .object(members)
    }

    /// Rails' `Hash#to_query`: pairs CGI-escaped, arrays as `key[]`, nested objects as `key[child]`, sorted.
    static func toQuery(_ params: JSONValue) -> String {
        guard case .object(let members) = params else { return "" }
        return members.map { key, value in toQuery(value, prefix: key) }.sorted().joined(separator: "&")
    }

    private static func toQuery(_ value: JSONValue, prefix: String) -> String {
        switch value {
        case .object(let members):
            return members.map { key, child in toQuery(child, prefix: "\(prefix)[\(key)]") }.sorted()
                .joined(separator: "&")
        case .array(let elements):
            if elements.isEmpty { return PercentEncoding.cgiEscape(prefix + "[]") + "=" }
            return elements.map { toQuery($0, prefix: prefix + "[]") }.joined(separator: "&")
        case .null:
            return PercentEncoding.cgiEscape(prefix)
        default:
            return PercentEncoding.cgiEscape(prefix) + "=" + PercentEncoding.cgiEscape(value.interpolated)
        }
    }
}
