/// One documented query or body parameter of an endpoint.
public struct EndpointParameter: Sendable, Hashable {
    /// Where a parameter goes.
    public enum Location: Sendable, Hashable {
        /// In the query string.
        case query
        /// In the body (form-encoded or JSON).
        case body
    }

    /// The name as Canvas documents it (`course[name]`, `include[]`, `grade_data[<student_id>][posted_grade]`).
    public let name: ParameterName
    /// Where it goes.
    public let location: Location
    /// The documented type: string, integer, number, boolean, date, datetime, array, object or file.
    public let type: String
    /// The element type of an array parameter.
    public let elementType: String?
    /// Whether the docs say it is required.
    public let isRequired: Bool
    /// The values Canvas accepts, when the docs list them.
    public let allowedValues: [String]

    init(
        name: String, location: Location, type: String, elementType: String?, isRequired: Bool,
        allowedValues: [String]
    ) {
        self.name = ParameterName(name)
        self.location = location
        self.type = type
        self.elementType = elementType
        self.isRequired = isRequired
        self.allowedValues = allowedValues
    }

    /// Whether a literal value written in a job fits the parameter's type and enum; nil when it fits, else why not.
    public func problem(with value: String) -> String? {
        if !allowedValues.isEmpty, !allowedValues.contains(value) {
            return "'\(value)' is not one of \(allowedValues.map { "'\($0)'" }.joined(separator: ", "))"
        }
        switch type == "array" ? (elementType ?? "string") : type {
        case "integer" where Int(value) == nil && !value.contains(":"):
            return "'\(value)' is not an integer"
        case "number" where Double(value) == nil:
            return "'\(value)' is not a number"
        case "boolean" where !["true", "false", "1", "0"].contains(value.lowercased()):
            return "'\(value)' is not true or false"
        default:
            return nil
        }
    }
}
