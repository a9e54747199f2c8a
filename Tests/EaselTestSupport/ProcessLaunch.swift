public import Foundation
import Synchronization

/// Starts the tests' child processes one at a time.
///
/// Foundation's `Process.run()` on Linux is not safe to call from several threads at once: with many suites
/// starting `easel` processes in parallel, one launch crashed the whole test process inside it (a bad read in
/// `memcpy`). A launch takes milliseconds, so taking turns costs nothing that shows.
public enum ProcessLaunch {
    private static let turn = Mutex(())

    /// Runs `process`, after any launch already under way has finished.
    public static func run(_ process: Process) throws {
        try turn.withLock { _ in try process.run() }
    }
}
