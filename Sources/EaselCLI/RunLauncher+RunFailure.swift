import ArgumentParser
import Execution
import Session

extension RunLauncher {
    /// The one line that reports a failure every item would hit, and the problems left to list item by item:
    /// those that failed for another reason.
    static func runFailureLine(_ failure: RunLevelFailure, of outcome: RunOutcome, problems: [ItemRecord]) -> (
        String, [ItemRecord]
    ) {
        let hit = problems.filter { outcome.runFailureItems.contains(ItemReference($0)) }
        let others = problems.filter { !outcome.runFailureItems.contains(ItemReference($0)) }
        let line =
            "error: the run stopped: \(failure)\n"
            + "  \(hit.count) item(s) failed on it; items not yet started stay pending: fix the cause, then resume."
        return (line, others)
    }

    /// The exit status of a run that did not succeed: by the cause of a failure every item would hit (69 Canvas
    /// unreachable, 77 the token rejected or a permission a whole step lacks, 64 a URL the token must not go
    /// to), else 1.
    static func exitCode(_ outcome: RunOutcome) -> ExitCode {
        switch outcome.runFailure?.cause {
        case .unreachable?: ExitStatus.canvasUnreachable.code
        case .tokenRejected?, .notPermitted?: ExitStatus.notPermitted.code
        case .unsafeURL?: ExitStatus.usage.code
        case nil: ExitCode.failure
        }
    }
}
