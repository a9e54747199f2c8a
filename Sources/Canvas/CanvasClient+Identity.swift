public import JSONValues
public import Logging

/// Who a token belongs to, as `GET /api/v1/users/self` says.
public struct CanvasIdentity: Sendable, Hashable {
    /// The Canvas user id.
    public var id: Int
    /// The user's name.
    public var name: String
    /// The login id, when Canvas shows it.
    public var loginID: String?
    /// The whole user object.
    public var user: JSONValue

    /// An identity.
    public init(id: Int, name: String, loginID: String?, user: JSONValue) {
        self.id = id
        self.name = name
        self.loginID = loginID
        self.user = user
    }
}

extension CanvasClient {
    /// The user the token (or `as_user_id`) acts as.
    public func identity(asUserID: String? = nil, logger: Logger) async throws -> CanvasIdentity {
        let user = try await json(
            CanvasRequest(.get, CanvasPath.apiV1("users", "self"), asUserID: asUserID), logger: logger)
        guard let id = user["id"]?.intValue else {
            throw CanvasError(.invalidResponse("users/self gave no id"))
        }
        return CanvasIdentity(
            id: id, name: user["name"]?.stringValue ?? "", loginID: user["login_id"]?.stringValue, user: user)
    }
}
