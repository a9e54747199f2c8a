public import Canvas
public import Foundation
public import Sandbox
import Synchronization

/// A clock that moves only when a test moves it, shared by a sandbox and a client: jobs, SIS imports, upload
/// signatures, the throttle, latency and the client's waits all see its time, and no test sleeps for time to pass.
public final class TestClock: Sendable {
    /// What a wait on the clock does.
    public enum Waits: Sendable {
        /// A wait lasts until the test advances the clock to its end.
        case held
        /// A wait moves the clock on by its length and returns at once: time passes as fast as the code waits.
        case skipped
    }

    private struct Sleeper {
        let id: Int
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let id: Int
        let count: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var waits: Waits
        var elapsed: Duration = .zero
        var sleepers: [Sleeper] = []
        var watchers: [Watcher] = []
        var nextID = 0

        /// Takes out the sleepers due by now and the watchers whose count is reached, to resume outside the lock.
        mutating func due() -> ([Sleeper], [Watcher]) {
            let woken = sleepers.filter { $0.deadline <= elapsed }
            sleepers.removeAll { $0.deadline <= elapsed }
            let satisfied = watchers.filter { sleepers.count >= $0.count }
            watchers.removeAll { sleepers.count >= $0.count }
            return (woken, satisfied)
        }
    }

    private let state: Mutex<State>
    /// The wall-clock time the clock starts at.
    public let origin: Date

    /// A clock standing at `origin` (by default the current second, as Canvas's times have no fractions), its
    /// waits held or skipped.
    public init(
        waits: Waits = .held,
        origin: Date = Date(timeIntervalSince1970: Date.now.timeIntervalSince1970.rounded(.down))
    ) {
        self.state = Mutex(State(waits: waits))
        self.origin = origin
    }

    /// What a wait does now.
    public var waits: Waits { state.withLock { $0.waits } }

    /// From now on, skips every wait, and ends the waits held now (the clock moves on to the last one's end).
    public func skipWaits() {
        let (woken, satisfied) = state.withLock { state in
            state.waits = .skipped
            state.elapsed = max(state.elapsed, state.sleepers.map(\.deadline).max() ?? .zero)
            return state.due()
        }
        for sleeper in woken { sleeper.continuation.resume() }
        for watcher in satisfied { watcher.continuation.resume(returning: true) }
    }

    /// The time moved on since the start.
    public var elapsed: Duration { state.withLock { $0.elapsed } }

    /// The wall-clock time now on this clock.
    public var now: Date {
        let components = elapsed.components
        return origin.addingTimeInterval(Double(components.seconds) + Double(components.attoseconds) / 1e18)
    }

    /// How many waits are held now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// This clock, for a sandbox's configuration.
    public var sandbox: SandboxClock {
        SandboxClock(now: { self.now }, elapsed: { self.elapsed }, sleep: { try await self.sleep(for: $0) })
    }

    /// This clock, for a client's configuration.
    public var canvas: CanvasClock {
        CanvasClock(now: { self.elapsed }, sleep: { try await self.sleep(for: $0) })
    }

    /// Moves the clock on, ending the waits due by then.
    public func advance(by duration: Duration) {
        let (woken, satisfied) = state.withLock { state in
            state.elapsed += max(duration, .zero)
            return state.due()
        }
        for sleeper in woken { sleeper.continuation.resume() }
        for watcher in satisfied { watcher.continuation.resume(returning: true) }
    }

    /// Waits `duration` on this clock: until the test advances it that far, or not at all when waits are skipped.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        guard duration > .zero else { return }
        let id = state.withLock { state -> Int? in
            guard state.waits == .held else { return nil }
            state.nextID += 1
            return state.nextID
        }
        guard let id else {
            advance(by: duration)
            await Task.yield()
            return
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let (woken, satisfied) = state.withLock { state in
                    // Waits skipped since the id was taken end at once.
                    let deadline = state.waits == .held ? state.elapsed + duration : state.elapsed
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return state.due()
                }
                for sleeper in woken { sleeper.continuation.resume() }
                for watcher in satisfied { watcher.continuation.resume(returning: true) }
                if Task.isCancelled { cancel(id) }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func cancel(_ id: Int) {
        let sleeper = state.withLock { state -> Sleeper? in
            guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
            return state.sleepers.remove(at: index)
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }

    /// Waits until at least `count` waits are held on this clock, as long as `timeout` of real time at most; says
    /// whether they were.
    public func waitForSleepers(_ count: Int, timeout: Duration = .seconds(60)) async -> Bool {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Task {
            try await Task.sleep(for: timeout)
            let watcher = state.withLock { state -> Watcher? in
                guard let index = state.watchers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.watchers.remove(at: index)
            }
            watcher?.continuation.resume(returning: false)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let reached = state.withLock { state in
                guard state.sleepers.count < count else { return true }
                state.watchers.append(Watcher(id: id, count: count, continuation: continuation))
                return false
            }
            if reached { continuation.resume(returning: true) }
        }
    }
}
