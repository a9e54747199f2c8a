import Canvas
import Execution
import Session
import Synchronization

/// A run watched on the terminal: its progress drawn while the executor works, the first Ctrl-C a request to stop.
final class TerminalRunWatcher: RunWatcher {
    private let client: CanvasClient
    private let output: TerminalOutput
    private let showsProgress: Bool
    private let display = Mutex<ProgressDisplay?>(nil)
    private let interrupts = Mutex<InterruptHandler?>(nil)

    init(client: CanvasClient, output: TerminalOutput, showsProgress: Bool) {
        self.client = client
        self.output = output
        self.showsProgress = showsProgress
    }

    func executorStarted(progress: RunProgress, stop: StopSignal) {
        interrupts.withLock { $0 = InterruptHandler(stop: stop, output: output) }
        let display = ProgressDisplay(progress: progress, client: client, output: output, enabled: showsProgress)
        display.start()
        self.display.withLock { $0 = display }
    }

    func executorEnded() async {
        let display = self.display.withLock { $0 }
        await display?.stop()
    }

    func runFinished() {
        let handler = interrupts.withLock { held in
            defer { held = nil }
            return held
        }
        handler?.cancel()
    }
}
