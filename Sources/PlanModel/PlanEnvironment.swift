/// The Canvas a plan reads: shown in every plan header, and what the production guard checks.
public struct PlanEnvironment: Sendable, Hashable {
    /// The environment's name (`sandbox` for the built-in one).
    public var name: String
    /// The host, with its port when not the default.
    public var host: String
    /// Whether writes there need confirmation.
    public var isProduction: Bool

    /// Creates an environment description.
    public init(name: String, host: String, isProduction: Bool) {
        self.name = name
        self.host = host
        self.isProduction = isProduction
    }
}
