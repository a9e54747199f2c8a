import Canvas
import Foundation
import JSONValues
import JobSpec
import Logging
import RunContext

extension ItemExecution {
    /// Carries `write` out through ``ItemLifecycle``: the machine decides, from what the journal holds and what
    /// each read, lookup, send and wait found, what happens next; this loop does it and journals each step.
    ///
    /// A lookup waits the step's settle time from the start of this process first: an earlier process may have
    /// died while its write was still running inside Canvas. The intent is durable before the write leaves, and
    /// an answer that starts a Canvas job is durable before the wait.
    func drive(_ write: inout some ItemWrite) async throws -> ItemResult {
        var machine = write.lifecycle(inDoubtPolicy: executor.options.inDoubtPolicy)
        var command = machine.start(restoring: .init(earlier?.state, attempts: earlier?.attempts ?? 0))
        while true {
            switch command {
            case .read:
                command = machine.next(after: try await write.read())
            case .lookUp:
                executor.logger.info(
                    "an earlier attempt may have written this item: looking it up before anything is sent",
                    metadata: logMetadata)
                try await executor.settleAfterRestart(step)
                command = machine.next(after: try await write.lookUp())
            case .send:
                try executor.writeGuard.admit(stepID: step.id, itemKey: item.key, as: write.counted)
                try await record(
                    .intent, action: write.action, attempts: (earlier?.attempts ?? 0) + 1, canvasID: write.targetID,
                    durable: true, beforeValues: write.intentBeforeValues)
                let sent = try await write.send(context: writeContext())
                if sent != .answered, let failure = write.problem.runLevelFailure {
                    executor.stop.request(.runFailure(failure))
                }
                command = machine.next(after: .sent(sent))
            case .wait(let journalAnswer):
                if journalAnswer {
                    // Durable before the wait: after a crash, a failed job or a lost poll, resume waits for this
                    // job again and never sends a second course copy or SIS import.
                    try await record(
                        .answered, action: write.action, attempts: attempt.attempts(earlier: earlier),
                        canvasID: write.output["id"]?.interpolated, httpStatus: write.httpStatus,
                        outputs: write.output, durable: true)
                }
                command = machine.next(after: .waited(try await write.waitForJob()))
            case .confirm(let source):
                executor.logger.debug("confirmed (\(source))", metadata: logMetadata)
                return try await confirm(write.confirmation(source))
            case .fail:
                throw ItemFailure(state: .failed, write.problem)
            case .failAfterAnswer:
                throw ItemFailure(state: .answered, write.problem, outputs: write.output)
            case .inDoubt(.noLookup):
                executor.logger.warning(
                    "in doubt: the write may have run and the step has no lookup to tell", metadata: logMetadata)
                throw write.inDoubtWithoutLookup
            case .inDoubt(.lookupFailed), .inDoubt(.unanswered):
                executor.logger.warning(
                    "in doubt: the write may have run and no lookup could tell", metadata: logMetadata)
                throw ItemFailure(state: .inDoubt, write.problem)
            }
        }
    }
}

extension ItemExecution {
    /// The step and item a log record is about.
    var logMetadata: Logger.Metadata { ["step": "\(step.id)", "item": "\(item.key)"] }
}
