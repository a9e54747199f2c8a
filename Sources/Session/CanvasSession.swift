public import Canvas
public import PlanModel

/// The Canvas one command talks to: a client, and how plans and runs name it.
public struct CanvasSession: Sendable {
    /// The client, with its throttle governors.
    public let client: CanvasClient
    /// The environment's name, host and production flag.
    public let environment: PlanEnvironment

    /// A session on `client`, named `environment`.
    public init(client: CanvasClient, environment: PlanEnvironment) {
        self.client = client
        self.environment = environment
    }
}
