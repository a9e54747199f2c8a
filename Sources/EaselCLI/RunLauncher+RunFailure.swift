import Execution
import Session

extension RunLauncher {
    /// The one line that reports a failure every item would hit, and the problems left to list item by item:
    /// those that failed for another reason.
    static func runFailureLine(_ reason: String, problems: [ItemRecord]) -> (String, [ItemRecord]) {
        // An item's message names its request before the cause; the cause is what they share.
        let cause = reason.hasPrefix("could not reach Canvas: ") ? String(reason.dropFirst(24)) : reason
        let hit = problems.filter { $0.errorMessage?.contains(cause) == true }
        let others = problems.filter { $0.errorMessage?.contains(cause) != true }
        let line =
            "error: the run stopped: \(reason)\n"
            + "  \(hit.count) item(s) failed on it; items not yet started stay pending: fix the cause, then resume."
        return (line, others)
    }
}
