import JSONValues
import OrderedCollections

/// Rails-like `params`: nested values looked up by key path, with Canvas's coercions.
struct RequestParameters: Sendable {
    /// The parameters as an object.
    var root: JSONValue

    init(_ root: JSONValue = .object([:])) { self.root = root }

    /// The value at `path`, such as `("course", "name")`.
    func value(_ path: String...) -> JSONValue? { value(at: path) }

    func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = root
        for key in path { current = current?[key] }
        return current
    }

    /// The value at `path` as text: strings as they are, numbers and booleans as JSON spells them.
    func string(_ path: String...) -> String? { Self.text(value(at: path)) }

    /// Whether `path` holds something (even an empty string).
    func has(_ path: String...) -> Bool { value(at: path) != nil }

    /// `Canvas::Plugin.value_to_boolean` on the value at `path`; nil when absent.
    func bool(_ path: String...) -> Bool? { Self.boolean(value(at: path)) }

    /// The value at `path` as a list of strings (an array, or one value).
    func strings(_ path: String...) -> [String] {
        switch value(at: path) {
        case .array(let elements)?: elements.compactMap { Self.text($0) }
        case .object(let members)?: members.values.compactMap { Self.text($0) }
        case let other?: Self.text(other).map { [$0] } ?? []
        case nil: []
        }
    }

    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: text
        case .int(let number)?: String(number)
        case .double(let number)?: SandboxNumber.integer(number).map(String.init) ?? RubyFloat.format(number)
        case .bool(let flag)?: flag ? "true" : "false"
        default: nil
        }
    }

    /// Canvas's `value_to_boolean`: yes/y/true/t/on/1 and no/n/false/f/off/0, any case; else `to_i != 0`.
    static func boolean(_ value: JSONValue?) -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .int(let number)?: return number != 0
        case let other?:
            guard let text = text(other)?.lowercased() else { return nil }
            if ["yes", "y", "true", "t", "on", "1"].contains(text) { return true }
            if ["no", "n", "false", "f", "off", "0"].contains(text) { return false }
            let digits = text.prefix { $0.isASCIIDigit || $0 == "-" }
            return (Int(digits) ?? 0) != 0
        }
    }

    /// Merges `other` over these parameters, object by object.
    func merging(_ other: JSONValue) -> RequestParameters {
        RequestParameters(Self.merge(root, other))
    }

    private static func merge(_ base: JSONValue, _ other: JSONValue) -> JSONValue {
        guard case .object(var members) = base, case .object(let overrides) = other else { return other }
        for (key, value) in overrides {
            members[key] = members[key].map { merge($0, value) } ?? value
        }
        return .object(members)
    }
}

extension RequestParameters {
    /// A request's query and body parameters as Rails would see them: the Rack-style query, merged with a JSON
    /// object body, a multipart form's fields or a form-encoded body.
    ///
    /// Whatever the bytes, this answers or throws a Canvas-like 400: a parameter name nested deeper than Rack
    /// allows, or a JSON number no Canvas column could hold (`1e300`, a 40-digit integer).
    static func parse(query queryString: String, contentType: String?, body: [UInt8]) throws(CanvasAPIError)
        -> (query: JSONValue, parameters: RequestParameters)
    {
        let query = try RackParameters.parse(queryString)
        var bodyParameters = JSONValue.object([:])
        let loweredType = contentType?.lowercased() ?? ""
        if loweredType.hasPrefix("application/json") {
            if let parsed = try? JSONValue(parsing: body), case .object = parsed {
                guard !SandboxNumber.holdsOutOfRange(in: parsed) else {
                    throw .message(status: 400, "A number in the request body is out of range")
                }
                bodyParameters = parsed
            }
        } else if loweredType.hasPrefix("multipart/form-data") {
            for part in MultipartForm.parse(body: body, contentType: contentType ?? "") ?? [] where part.filename == nil
            {
                try RackParameters.checkDepth(of: part.name)
                bodyParameters = RackParameters.normalize(
                    bodyParameters, name: part.name, value: .string(String(decoding: part.body, as: UTF8.self)))
            }
        } else if loweredType.hasPrefix("application/x-www-form-urlencoded") || (loweredType.isEmpty && !body.isEmpty) {
            bodyParameters = try RackParameters.parse(String(decoding: body, as: UTF8.self))
        }
        return (query, RequestParameters(query).merging(bodyParameters))
    }
}
