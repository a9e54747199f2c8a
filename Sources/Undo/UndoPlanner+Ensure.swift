import Canvas
import Execution
import JSONValues
import OrderedCollections
import Resources

extension UndoPlanner {
    /// An `ensure` write taken back from its before-values: an update's fields written back, a deleted or concluded
    /// object brought back where Canvas allows it, a created object left in place or deleted.
    func undoEnsure(
        _ record: ItemRecord, before: JSONValue, options: UndoOptions, reader: LiveObjectReader,
        into work: inout UndoWork, note: (String) -> UndoNote
    ) async throws {
        guard let kindName = before["kind"]?.stringValue, let kind = try? ResourceKinds.named(kindName),
            let member = before["member"]?.stringValue
        else {
            work.notUndoable.append(note("the journal does not say where the object is"))
            return
        }
        let identity = before["identity"] ?? before["answered"]
        let live = try await reader.read(kind: kind.name, member: member, identity: identity)
        let context = EnsureUndo(
            record: record, before: before, kind: kind, member: member, live: live, options: options)
        context.plan(into: &work, note: note)
    }
}

/// The undo of one `ensure` write, decided from its before-values and the live object.
struct EnsureUndo {
    let record: ItemRecord
    let before: JSONValue
    let kind: ResourceKind
    let member: String
    /// The object as Canvas has it now, nil when Canvas no longer finds it.
    let live: JSONValue?
    let options: UndoOptions

    func plan(into work: inout UndoWork, note: (String) -> UndoNote) {
        switch before["action"]?.stringValue {
        case "update": planUpdate(into: &work, note: note)
        case "delete": planDelete(into: &work, note: note)
        case "create": planCreate(into: &work, note: note)
        default: work.notUndoable.append(note("the journal does not say what the write did"))
        }
    }

    private func request(
        _ operation: String, _ method: String, _ path: String, query: JSONValue = [:], body: JSONValue? = nil
    ) -> UndoRequest {
        UndoRequest(
            stepID: record.stepID, itemKey: record.itemKey, operation: operation, method: method, path: path,
            query: query, body: body)
    }

    /// Whether to go on after a conflict: listed always, undone only with `--force`.
    private func admitConflict(_ reason: String, into work: inout UndoWork, note: (String) -> UndoNote) -> Bool {
        work.conflicts.append(note(reason + (options.force ? "; undone anyway (--force)" : "; skipped")))
        return options.force
    }

    // MARK: - Updates

    private func planUpdate(into work: inout UndoWork, note: (String) -> UndoNote) {
        guard let live else {
            work.notUndoable.append(note("the \(kind.name) at \(member) no longer exists"))
            return
        }
        let fields = before["fields"]?.objectValue ?? [:]
        let written = before["written"]?.objectValue ?? [:]
        // A move to another section is a replacement: Canvas made a new enrollment and deleted this one, which
        // no request brings back. Reading the deleted one would find it still in its old section.
        if kind.name == "enrollment", let section = written["course_section_id"] {
            let old = fields["course_section_id"].map { " \($0.interpolated)" } ?? ""
            work.notUndoable.append(
                note(
                    "the run moved the enrollment to section \(section.interpolated) (a new enrollment) and Canvas "
                        + "deleted the one in section\(old), which no request brings back: enroll the user in that "
                        + "section again"))
            return
        }
        let changes = kind.diff(desired: fields, live: live)
        guard !changes.isEmpty else {
            work.alreadyUndone.append(note("already has its values from before the run"))
            return
        }
        let drifted = kind.diff(desired: written, live: live)
        if !drifted.isEmpty {
            let differences = drifted.map {
                "\($0.field) is \($0.renderedBefore), the run wrote \($0.renderedAfter)"
            }
            guard
                admitConflict(
                    "changed since the run: " + differences.joined(separator: ", "), into: &work, note: note)
            else { return }
        }
        if kind.name == "enrollment" {
            planEnrollmentStateBack(changes, live: live, into: &work, note: note)
            return
        }
        guard !kind.hasCustomUpdate else {
            work.notUndoable.append(note("Easel cannot write a \(kind.name)'s fields back"))
            return
        }
        let restored = OrderedDictionary(uniqueKeysWithValues: changes.map { ($0.field, fields[$0.field] ?? .null) })
        let put = kind.restoreRequest(restored, member: member, live: live)
        guard case .form(let body) = put.body else { return }
        work.requests.append(request("restore", "PUT", member, body: body))
    }

    /// An enrollment's state put back: Canvas changes it only by concluding, deactivating or deleting it.
    private func planEnrollmentStateBack(
        _ changes: [FieldChange], live: JSONValue, into work: inout UndoWork, note: (String) -> UndoNote
    ) {
        guard changes.count == 1, let change = changes.first, change.field == "enrollment_state",
            let target = before["fields"]?["enrollment_state"]?.stringValue
        else {
            work.notUndoable.append(
                note("the run moved the enrollment to another section (a new enrollment): enroll the user again"))
            return
        }
        let task: String
        switch target {
        case "completed": task = "conclude"
        case "inactive": task = "deactivate"
        case "deleted": task = "delete"
        default:
            work.notUndoable.append(
                note("Canvas cannot put an enrollment back to '\(target)' (it was \(target) before the run)"))
            return
        }
        work.requests.append(
            request(target == "completed" ? "conclude" : task, "DELETE", member, query: ["task": .string(task)]))
    }

    // MARK: - Deletes

    private func planDelete(into work: inout UndoWork, note: (String) -> UndoNote) {
        switch kind.name {
        case "course": planCourseBack(into: &work, note: note)
        case "enrollment": planEnrollmentBack(into: &work, note: note)
        default:
            work.notUndoable.append(note("Canvas has no request that brings back a deleted \(kind.name)"))
        }
    }

    /// A deleted course is undeleted (Canvas brings it back unpublished) and published again if it was; a
    /// concluded one is published or unpublished as it was.
    private func planCourseBack(into work: inout UndoWork, note: (String) -> UndoNote) {
        let wasState = before["fields"]?["workflow_state"]?.stringValue ?? "claimed"
        let leftState = before["options"]?["event"]?.stringValue == "conclude" ? "completed" : "deleted"
        let nowState = live?["workflow_state"]?.stringValue ?? "deleted"
        if nowState == wasState {
            work.alreadyUndone.append(note("the course is \(wasState) again"))
            return
        }
        if nowState != leftState {
            guard admitConflict("the run left the course \(leftState), it is now \(nowState)", into: &work, note: note)
            else { return }
        }
        let event = { (name: String) -> JSONValue in ["course": ["event": .string(name)]] }
        if nowState == "deleted" {
            work.requests.append(request("undelete", "PUT", member, body: event("undelete")))
        }
        switch wasState {
        case "available": work.requests.append(request("publish", "PUT", member, body: event("offer")))
        case "completed": work.requests.append(request("conclude", "PUT", member, body: event("conclude")))
        default:
            if nowState != "deleted" { work.requests.append(request("unpublish", "PUT", member, body: event("claim"))) }
        }
    }

    /// A concluded or deactivated enrollment is brought back where Canvas allows it: an inactive one by
    /// `reactivate`, a concluded one by enrolling the user again in its section (Canvas moves that same enrollment
    /// to the state asked for); a deleted one stays deleted.
    private func planEnrollmentBack(into work: inout UndoWork, note: (String) -> UndoNote) {
        guard let live else {
            work.notUndoable.append(note("Canvas no longer finds the enrollment"))
            return
        }
        let wasState = before["fields"]?["enrollment_state"]?.stringValue ?? "active"
        let leftState: String
        switch before["options"]?["task"]?.stringValue ?? "conclude" {
        case "delete": leftState = "deleted"
        case "deactivate", "inactivate": leftState = "inactive"
        default: leftState = "completed"
        }
        let nowState = live["enrollment_state"]?.stringValue ?? ""
        if nowState == wasState {
            work.alreadyUndone.append(note("the enrollment is \(wasState) again"))
            return
        }
        if nowState != leftState {
            guard
                admitConflict(
                    "the run left the enrollment \(leftState), it is now \(nowState)", into: &work, note: note)
            else { return }
        }
        switch (nowState, wasState) {
        case ("inactive", "active"):
            work.requests.append(request("reactivate", "PUT", member + "/reactivate"))
        case ("completed", "active"), ("completed", "invited"), ("completed", "inactive"):
            guard let section = live["course_section_id"]?.interpolated, let user = live["user_id"],
                let type = live["type"]
            else {
                work.notUndoable.append(note("Canvas's enrollment names no section to enroll the user in again"))
                return
            }
            let body: JSONValue = [
                "enrollment": ["user_id": user, "type": type, "enrollment_state": .string(wasState)]
            ]
            work.requests.append(
                request("reenroll", "POST", CanvasPath.apiV1("sections", section, "enrollments"), body: body))
        case ("deleted", _):
            work.notUndoable.append(
                note("Canvas does not bring back a deleted enrollment (reactivate takes only inactive ones)"))
        default:
            work.notUndoable.append(note("Canvas cannot move an enrollment from \(nowState) back to \(wasState)"))
        }
    }

    // MARK: - Creates

    private func planCreate(into work: inout UndoWork, note: (String) -> UndoNote) {
        let id = before["answered"]?["id"]?.interpolated ?? record.canvasID ?? "?"
        guard options.deleteCreated else {
            work.leftInPlace.append(note("created by the run, left in place (\(kind.name) \(id))"))
            return
        }
        guard let live, !Self.isGone(live) else {
            work.alreadyUndone.append(note("the \(kind.name) the run created (\(id)) is already gone"))
            return
        }
        guard let delete = before["delete"], let method = delete["method"]?.stringValue,
            let path = delete["path"]?.stringValue
        else {
            work.notUndoable.append(note("the journal does not say how to delete the \(kind.name) the run created"))
            return
        }
        work.requests.append(request("delete_created", method, path, query: delete["query"] ?? [:]))
    }

    private static func isGone(_ live: JSONValue) -> Bool {
        live["workflow_state"]?.stringValue == "deleted" || live["enrollment_state"]?.stringValue == "deleted"
    }
}
