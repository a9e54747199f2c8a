/// One Canvas REST endpoint: a method and a path, with the parameters Canvas documents for it.
public struct Endpoint: Sendable, Hashable {
    /// Canvas's name for the endpoint (`list_enrollments_courses`).
    public let id: String
    /// The HTTP method.
    public let method: String
    /// The path with `:name` placeholders (`/api/v1/courses/:course_id/enrollments`).
    public let path: String
    /// The query and body parameters (path parameters are the path's placeholders).
    public internal(set) var parameters: [EndpointParameter]
    /// The path, split into segments to match request paths against.
    public let pattern: RoutePattern

    init(id: String, method: String, path: String, parameters: [EndpointParameter]) {
        self.id = id
        self.method = method
        self.path = path
        self.parameters = parameters
        self.pattern = RoutePattern(path: path)
    }

    /// How the endpoint is named in messages: `PUT /api/v1/courses/:id`.
    public var description: String { "\(method) \(path)" }

    /// The parameter a request's key names (`course[name]`, `include[]`), if the endpoint documents it.
    public func parameter(named key: ParameterName) -> EndpointParameter? {
        parameters.first { $0.name.accepts(key) }
    }
}

extension Endpoint {
    /// The documented parameter a request key names, or an `object` parameter it is a sub-key of.
    public func parameter(accepting key: ParameterName) -> EndpointParameter? {
        parameter(named: key) ?? parameters.first { $0.type == "object" && $0.name.isPrefix(of: key) }
    }
}
