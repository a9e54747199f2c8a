public import JSONValues

/// The items an undo leaves alone, as text under the plan and as JSON beside it.
public enum UndoNotesRenderer {
    /// The conflicts, the writes that cannot be undone, the objects left in place and those already back, each
    /// listed with its reason.
    public static func text(_ work: UndoWork) -> String {
        var text = ""
        let sections: [(String, [UndoNote])] = [
            ("Conflicts (changed since the run)", work.conflicts),
            ("Not undoable", work.notUndoable),
            ("Created by the run, left in place", work.leftInPlace),
            ("Already as before the run", work.alreadyUndone),
        ]
        for (title, notes) in sections where !notes.isEmpty {
            text += "\n\(title) (\(notes.count)):\n"
            for note in notes { text += "  \(note.stepID) \(note.itemKey): \(note.reason)\n" }
        }
        text +=
            "\nUndo: \(work.requests.count) requests; \(work.conflicts.count) conflicts, "
            + "\(work.notUndoable.count) not undoable, \(work.leftInPlace.count) created and left in place, "
            + "\(work.alreadyUndone.count) already as before\n"
        return text
    }

    /// The same lists as JSON: `conflicts`, `not_undoable`, `left_in_place`, `already_undone`, each a list of
    /// `{ step, item_key, reason }`.
    public static func json(_ work: UndoWork) -> JSONValue {
        let list = { (notes: [UndoNote]) -> JSONValue in
            .array(
                notes.map {
                    ["step": .string($0.stepID), "item_key": .string($0.itemKey), "reason": .string($0.reason)]
                })
        }
        return [
            "requests": .int(work.requests.count), "conflicts": list(work.conflicts),
            "not_undoable": list(work.notUndoable), "left_in_place": list(work.leftInPlace),
            "already_undone": list(work.alreadyUndone),
        ]
    }
}
