import Canvas

extension CanvasError {
    /// Whether the error concerns only the request that got it (a missing object, a refused value), not every
    /// request (a bad token, a dead network, throttling).
    var concernsOnlyItsRequest: Bool {
        switch kind {
        case .notFound, .notPermitted, .validation, .badRequest, .unexpectedStatus, .invalidResponse: true
        default: false
        }
    }
}
