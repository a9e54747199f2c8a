import Canvas
import Execution
import Expressions
import JSONValues
import JobSpec
import OrderedCollections
import RunContext

extension UndoPlanner {
    /// A raw request is taken back by its step's `undo:`, with `item` the item it was sent for and `item.output`
    /// what Canvas answered.
    func undoRequest(
        _ record: ItemRecord, before: JSONValue, into work: inout UndoWork, note: (String) -> UndoNote
    ) {
        let sent = before["request"]?.stringValue ?? "the request"
        guard let graph else {
            work.notUndoable.append(note("\(sent): the job file is gone, so its step's undo: cannot be read"))
            return
        }
        guard let step = graph.spec.steps[record.stepID], case .request(let spec) = step.kind else {
            work.notUndoable.append(note("\(sent): the job no longer has this step"))
            return
        }
        guard let undo = spec.undo else {
            work.notUndoable.append(note("\(sent): step '\(record.stepID)' declares no undo:"))
            return
        }
        var item = before["item"] ?? .null
        let answer = before["answered"] ?? .null
        if case .object(var members) = item {
            members["output"] = answer
            item = .object(members)
        } else {
            item = ["value": item, "output": answer]
        }
        do {
            let scope = try RunScope(spec: graph.spec).evaluationScope(item: item)
            let path = try undo.path.evaluateString(in: scope, escapingInterpolations: CanvasPath.encodeSegment)
            let query = try undo.query?.evaluate(in: scope) ?? [:]
            let body = try undo.body?.evaluate(in: scope)
            guard let pathText = path.stringValue, !query.containsUnknown, !(body?.containsUnknown ?? false) else {
                work.notUndoable.append(note("\(sent): its undo: reads a value the undo does not know"))
                return
            }
            work.requests.append(
                UndoRequest(
                    stepID: record.stepID, itemKey: record.itemKey, operation: "undo", method: undo.method.rawValue,
                    path: pathText, query: query, body: body))
        } catch {
            work.notUndoable.append(note("\(sent): its undo: cannot be evaluated: \(error)"))
        }
    }
}
