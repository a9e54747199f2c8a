public import Canvas
public import Execution
import Foundation
import JSONValues
public import JobSpec
public import Logging
import Resources
import RunContext

/// Works out what takes a run back, from the before-values its journal kept and the objects as Canvas has them
/// now: fields back to their values from before the run, deleted or concluded objects brought back where Canvas
/// allows it, the run's raw requests taken back by their steps' `undo:`.
public struct UndoPlanner: Sendable {
    /// The journal holding the run.
    public let journal: any JournalStore
    /// The Canvas the run wrote to.
    public let client: any CanvasBoundary
    /// The run's job, for the `undo:` of its raw request steps; nil when the file is gone.
    public let graph: StepGraph?
    /// Where reads are logged.
    public let logger: Logger

    /// A planner.
    public init(journal: any JournalStore, client: any CanvasBoundary, graph: StepGraph?, logger: Logger) {
        self.journal = journal
        self.client = client
        self.graph = graph
        self.logger = logger
    }

    /// What undoing `run` takes, the run's last writes first.
    public func plan(run: RunID, options: UndoOptions) async throws -> UndoWork {
        var work = UndoWork()
        let reader = LiveObjectReader(client: client, logger: logger)
        let items = try await journal.items(run: run)
        for record in items.reversed() where record.action.writes {
            let note = { (reason: String) in UndoNote(stepID: record.stepID, itemKey: record.itemKey, reason: reason) }
            switch record.state {
            case .confirmed, .answered:
                break
            case .intent, .sent, .inDoubt:
                work.notUndoable.append(
                    note("its write may or may not have reached Canvas; settle it with 'easel resume' first"))
                continue
            default:
                continue
            }
            guard let before = record.beforeValues else {
                work.notUndoable.append(note("the journal kept no values from before this write"))
                continue
            }
            if before["kind"]?.stringValue == "file" {
                let file = before["member"]?.stringValue.map { " (DELETE \($0))" } ?? ""
                work.notUndoable.append(
                    note(
                        "an uploaded file is not taken back: Canvas keeps no earlier version of an overwritten file; "
                            + "delete the upload in Canvas\(file) if it should go"))
                continue
            }
            if record.action == .request {
                undoRequest(record, before: before, into: &work, note: note)
                continue
            }
            try await undoEnsure(record, before: before, options: options, reader: reader, into: &work, note: note)
        }
        return work
    }
}

extension ItemAction {
    /// Whether an item with this action changed Canvas.
    var writes: Bool { [.create, .update, .delete, .request].contains(self) }
}
