import Dispatch
import Execution
import Foundation

/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a request to stop starting work, so requests in flight finish
/// and are journaled; a second one exits at once (the journal still holds every confirmed item).
///
/// Its sources are set once and dispatch sources may be cancelled from any thread.
final class InterruptHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    /// Starts listening for SIGINT and SIGTERM.
    init(stop: StopSignal, output: TerminalOutput) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if stop.isRequested {
                    output.printError("Stopping now.")
                    exit(130)
                }
                stop.request(.interrupted)
                output.printError("\nStopping: no new work starts; waiting for requests in flight to finish…")
            }
            source.resume()
            return source
        }
    }

    /// Stops listening and restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
