/// Asks `condition` every `interval` until it holds or `timeout` of real time has passed, and says whether it
/// held: for a state that another task reaches in its own time and nothing can await, such as a write the
/// sandbox commits after its answer. A test that needs the state fails when it is not reached, instead of
/// hoping that a fixed wait was long enough.
public func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(5),
    _ condition: () async throws -> Bool
) async throws -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return true }
        guard clock.now < deadline else { return false }
        try await Task.sleep(for: interval)
    }
}
