/// The parameters of Canvas's leaky-bucket throttle (`app/middleware/request_throttle.rb`).
public struct SandboxThrottle: Sendable, Equatable {
    /// High-water mark: the bucket is full when its count reaches it; remaining = hwm - count.
    public var hwm: Double
    /// Ceiling on the count.
    public var maximum: Double
    /// Units leaked per second.
    public var outflowPerSecond: Double
    /// Units reserved before the request runs and refunded after it.
    public var upFrontCost: Double
    /// The cost charged for one request, reported as `X-Request-Cost`.
    public var requestCost: Double
    /// Costs for particular routes, keyed as the stats are ("POST /api/v1/accounts/:account_id/courses").
    public var costOverrides: [String: Double]

    /// Canvas's defaults: hwm 600, maximum 800, 10 units leaked per second, 50 reserved up front.
    public init(
        hwm: Double = 600,
        maximum: Double = 800,
        outflowPerSecond: Double = 10,
        upFrontCost: Double = 50,
        requestCost: Double = 0.01,
        costOverrides: [String: Double] = [:]
    ) {
        self.hwm = hwm
        self.maximum = maximum
        self.outflowPerSecond = outflowPerSecond
        self.upFrontCost = upFrontCost
        self.requestCost = requestCost
        self.costOverrides = costOverrides
    }

    /// The profile of hosted Canvas, whose high-water mark is reported as 700.
    public static let hosted = SandboxThrottle(hwm: 700)

    /// The cost of one request to the route `key` ("METHOD /route/pattern").
    public func cost(forRoute key: String) -> Double {
        costOverrides[key] ?? requestCost
    }
}
