import Canvas
import EaselTestSupport
import JSONValues
import Synchronization
import Testing

/// A request context's observer is told of each attempt of a write as it leaves, and of the write's successful
/// answer, and of nothing a read does: what the caller records of its writes rests on it.
@Suite struct RequestObserverTests {
    final class Recorder: RequestObserver {
        private let state = Mutex<(leaves: Int, answers: [Int])>((0, []))
        var leaves: Int { state.withLock { $0.leaves } }
        var answers: [Int] { state.withLock { $0.answers } }

        func writeLeaves() async { state.withLock { $0.leaves += 1 } }
        func writeAnswered(status: Int) { state.withLock { $0.answers.append(status) } }
    }

    @Test func eachAttemptOfAWriteIsToldAsItLeavesAndItsSuccessOnce() async throws {
        try await SandboxHarness.run(client: { $0.retry.maximumAttempts = 3 }) { harness in
            // Each request answered 500 without running, then answered as usual.
            try await harness.setFaults("500=1")
            let recorder = Recorder()
            let request = CanvasRequest(
                .put, CanvasPath.apiV1("accounts", "1"), body: .form(["account": ["name": "Observed"]]),
                context: CanvasRequestContext(observer: recorder))
            // Every attempt fails: each one left, none was answered with success.
            await #expect(throws: CanvasError.self) { try await harness.client.send(request, logger: harness.logger) }
            #expect(recorder.leaves == 3)
            #expect(recorder.answers.isEmpty)

            try await harness.setFaults("")
            _ = try await harness.client.send(request, logger: harness.logger)
            #expect(recorder.leaves == 4)
            #expect(recorder.answers == [200])
        }
    }

    @Test func aReadIsNotAWrite() async throws {
        try await SandboxHarness.run { harness in
            let recorder = Recorder()
            _ = try await harness.client.send(
                .get(CanvasPath.apiV1("accounts", "1"), context: CanvasRequestContext(observer: recorder)),
                logger: harness.logger)
            #expect(recorder.leaves == 0)
            #expect(recorder.answers.isEmpty)
        }
    }
}
