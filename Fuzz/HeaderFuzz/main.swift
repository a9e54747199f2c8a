// A libFuzzer harness for the client's parsing of response headers: the throttle headers, Retry-After and
// Link, and the governor that acts on them. Nothing a server sends may trap. Built and run by
// scripts/fuzz-parsers.sh, compiled together with the client's header files.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHeaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: data == nil ? 0 : size), as: UTF8.self)
    let fields = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let remaining = fields.first.flatMap(RateHeaderValue.parse)
    let cost = fields.dropFirst().first.flatMap(RateHeaderValue.parse)
    let retryAfter = fields.dropFirst(2).first.flatMap { RateHeaderValue.retryAfter($0) }
    if let remaining { precondition(remaining.isFinite) }
    if let retryAfter { precondition(retryAfter >= .zero && retryAfter <= RateHeaderValue.longestRetryAfter) }
    let headers = CanvasHeaders(fields.enumerated().map { ("X-Field-\($0.offset % 3)", $0.element) })
    _ = headers["x-field-1"]
    _ = headers.values(for: "X-FIELD-2")
    let link = LinkHeader(parsing: text)
    _ = link.url(for: "next")
    var state = ThrottleGovernorState()
    for step in 0..<4 {
        _ = state.acquire(now: .seconds(step))
        state.release(.answered(remaining: remaining, cost: cost), now: .seconds(step), jitter: 0.5)
        _ = state.acquire(now: .seconds(step))
        state.release(.throttled(remaining: remaining, retryAfter: retryAfter), now: .seconds(step), jitter: 0.5)
    }
    precondition(state.limit >= 1)
    return 0
}
