import Canvas
import Execution
import Foundation
import Synchronization

/// Shows a run's progress: on a terminal, a block of lines redrawn in place (per step: done/total, failed,
/// in flight; the throttle governor's limit and remaining quota; an estimate of the time left); otherwise a
/// plain line every ten seconds.
final class ProgressDisplay: Sendable {
    private let progress: RunProgress
    private let client: CanvasClient
    private let output: TerminalOutput
    private let enabled: Bool
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let drawnLines = Mutex(0)

    init(progress: RunProgress, client: CanvasClient, output: TerminalOutput, enabled: Bool) {
        self.progress = progress
        self.client = client
        self.output = output
        self.enabled = enabled
    }

    /// Starts drawing.
    func start() {
        guard enabled else { return }
        let interactive = TerminalOutput.stderrIsInteractive
        let display = self
        task.withLock {
            $0 = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: interactive ? .milliseconds(250) : .seconds(10))
                    if Task.isCancelled { break }
                    await display.draw(interactive: interactive)
                }
            }
        }
    }

    /// Stops drawing, leaving the last state on screen.
    func stop() async {
        let running = task.withLock { current in
            defer { current = nil }
            return current
        }
        running?.cancel()
        _ = await running?.value
        if enabled, TerminalOutput.stderrIsInteractive { await draw(interactive: true) }
    }

    private func draw(interactive: Bool) async {
        let steps = progress.snapshot
        let throttle = await client.throttleSnapshots()
        let lines = Self.lines(steps: steps, throttle: throttle, elapsed: Date().timeIntervalSince(progress.startedAt))
        if interactive {
            let previous = drawnLines.withLock { count in
                defer { count = lines.count }
                return count
            }
            let up = previous > 0 ? "\u{1B}[\(previous)A" : ""
            output.printError(up + lines.map { "\u{1B}[2K" + $0 }.joined(separator: "\n"))
        } else {
            output.printError(lines.joined(separator: "\n"))
        }
    }

    /// The lines showing `steps` and the governors.
    static func lines(steps: [RunProgress.StepCounts], throttle: [ThrottleSnapshot], elapsed: TimeInterval) -> [String]
    {
        let width = steps.map(\.stepID.count).max() ?? 0
        var lines: [String] = []
        var remainingItems = 0
        var finishedItems = 0
        for step in steps {
            let name = step.stepID.padding(toLength: width, withPad: " ", startingAt: 0)
            let total = step.total.map(String.init) ?? "?"
            var parts = ["\(step.finished)/\(total)"]
            if step.restored > 0 { parts.append("\(step.restored) from before") }
            if step.skipped > 0 { parts.append("\(step.skipped) skipped") }
            if step.failed > 0 { parts.append("\(step.failed) failed") }
            if step.inFlight > 0 { parts.append("\(step.inFlight) in flight") }
            if let reason = step.blockedReason { parts.append(reason) }
            if let job = step.jobProgress { parts.append(job) }
            lines.append("  \(name)  " + parts.joined(separator: ", "))
            finishedItems += step.finished - step.restored
            if let total = step.total { remainingItems += max(0, total - step.finished) }
        }
        var governor = throttle.enumerated().map { index, snapshot in
            let limit = snapshot.limit.map(String.init) ?? "∞"
            let remaining = snapshot.lastRemaining.map { String(format: "%.0f", $0) } ?? "?"
            let name = throttle.count > 1 ? "token \(index + 1): " : ""
            return
                "\(name)\(snapshot.inFlight)/\(limit) in flight, quota \(remaining), throttled \(snapshot.throttledCount)"
        }.joined(separator: "; ")
        if governor.isEmpty { governor = "no requests yet" }
        var status = "  Canvas: \(governor)"
        if finishedItems > 0, remainingItems > 0, elapsed > 1 {
            let seconds = Int(Double(remainingItems) * elapsed / Double(finishedItems))
            status += ", about \(seconds / 60)m\(seconds % 60)s left"
        }
        lines.append(status)
        return lines
    }
}
