import Canvas
import PlanModel
import Resources

/// Why an item did not succeed, as data: each case carries what its message names, and ``description`` gives the
/// words the journal keeps for a Canvas admin.
enum ItemProblem: Sendable, CustomStringConvertible {
    /// Canvas's error, or its silence.
    case canvas(CanvasError)
    /// The write guard did not let the write be sent: production not confirmed, or a limit reached.
    case notAdmitted(WriteRefusal)
    /// The run follows a reviewed plan that does not hold the item.
    case notInReviewedPlan
    /// What the item would do now is not what the reviewed plan showed.
    case changedSincePlan(planned: PlannedAction, now: PlannedAction)
    /// An earlier attempt may have made the write, and the lookup that would tell failed.
    indirect case lookupFailed(EarlierWrite, cause: ItemProblem)
    /// An earlier attempt may have made the write, and nothing can look it up.
    case noLookup(EarlierWrite)
    /// Canvas accepted `request` (with `status`, when it was kept), and the job it started did not finish well.
    indirect case jobUnfinished(request: String, status: Int?, cause: ItemProblem)
    /// A `wait: progress` request whose answer names no Progress.
    case noProgressNamed
    /// A `wait: sis_import` request that is not a POST to an account's SIS imports.
    case notASISImportRequest
    /// The item cannot be a row of a SIS import file.
    case sisRow(SISRowProblem)
    /// The upload of the SIS import file that holds the item's row failed.
    case sisUploadFailed(CanvasError)
    /// The SIS import that holds the item's row could not be followed to its end.
    case sisImportUnfinished(importID: String, CanvasError)
    /// Canvas reported `messages` on the item's row (`row`, the header being row 1) of SIS import `importID`.
    case sisImportRowRejected(importID: String, row: Int, messages: [String])
    /// SIS import `importID` ended in `state` with `messages` about the whole file.
    case sisImportFileRejected(importID: String, state: String, messages: [String])
    /// SIS import `importID` wrote the item, and its Canvas object could not be read back.
    case sisReadBackFailed(importID: String, SISReadBackProblem)
    /// A read, lookup, send or wait reported a failure and kept no reason (a write that has no such step).
    case unexplained
    /// Another module's error: an expression, a reference, a planning rule, the item's local file.
    case other(any Error)

    /// The problem `error` describes: Canvas's error, an item's own failure, or another module's error.
    init(_ error: any Error) {
        switch error {
        case let error as CanvasError: self = .canvas(error)
        case let failure as ItemFailure: self = failure.problem
        case let refusal as WriteRefusal: self = .notAdmitted(refusal)
        case let problem as SISRowProblem: self = .sisRow(problem)
        default: self = .other(error)
        }
    }

    var description: String {
        switch self {
        case .canvas(let error): error.description
        case .notAdmitted(let refusal): refusal.description
        case .notInReviewedPlan: "the item is not in the reviewed plan; plan again"
        case .changedSincePlan(let planned, let now):
            "changed since the plan was made (planned \(planned.briefDescription), now \(now.briefDescription)); "
                + "plan again, or apply with --refresh"
        case .lookupFailed(let write, let cause): write.lookupFailedSentence(cause: cause)
        case .noLookup(let write): write.noLookupSentence
        case .jobUnfinished(let request, let status, let cause):
            "Canvas accepted \(request) (HTTP \(status.map(String.init) ?? "2xx")) but its job did not finish well: "
                + "\(cause); it is not sent again, and resume waits for the same job"
        case .noProgressNamed: "wait: progress, but the response names no Progress"
        case .notASISImportRequest: "wait: sis_import needs a POST to /api/v1/accounts/:id/sis_imports"
        case .sisRow(let problem): problem.message
        case .sisUploadFailed(let error): "the SIS import upload failed: \(error.description)"
        case .sisImportUnfinished(let importID, let error):
            "SIS import \(importID) did not end: \(error.description); resume waits again"
        case .sisImportRowRejected(let importID, let row, let messages):
            "SIS import \(importID), row \(row): " + messages.joined(separator: "; ")
        case .sisImportFileRejected(let importID, let state, let messages):
            "SIS import \(importID) \(state): " + messages.joined(separator: "; ")
        case .sisReadBackFailed(let importID, let problem): "written by SIS import \(importID), but \(problem)"
        case .unexplained: ""
        case .other(let error): "\(error)"
        }
    }

    /// Canvas's error, when Canvas's answer (or its silence) is the whole problem.
    var canvasError: CanvasError? {
        if case .canvas(let error) = self { return error }
        return nil
    }

    /// The Canvas error at the root of the problem, when there is one: the error itself, or the one that made a
    /// lookup, a wait, an upload or a read-back fail.
    var rootCanvasError: CanvasError? {
        switch self {
        case .canvas(let error), .sisUploadFailed(let error), .sisImportUnfinished(_, let error): error
        case .lookupFailed(_, let cause), .jobUnfinished(_, _, let cause): cause.rootCanvasError
        case .sisReadBackFailed(_, .readFailed(let error)): error
        default: nil
        }
    }

    /// The cause every item of a run could hit that this item hit (Canvas unreachable, the token rejected, a
    /// refused permission), or nil when the problem is the item's own. A permission refusal names the cause
    /// even when it stays the item's failure: whether it stops the run is ``PermissionRefusals``'s decision.
    var runLevelCause: RunLevelFailure.Cause? {
        guard let error = rootCanvasError else { return nil }
        if case .notPermitted = error.kind { return .notPermitted }
        return RunLevelFailure.of(error)?.cause
    }
}

/// A write an earlier attempt of the run may have made, as a failure names it.
enum EarlierWrite: Sendable, Hashable {
    /// A raw request, as its line (`POST /api/v1/accounts/1/courses`).
    case request(String)
    /// An `ensure` item's object, by its kind's name (`course`).
    case object(kind: String)
    /// An upload, by the file's name.
    case upload(name: String)

    func lookupFailedSentence(cause: ItemProblem) -> String {
        switch self {
        case .request(let line):
            "an earlier attempt sent \(line) and may have made it, and the verify: read that would tell failed "
                + "(\(cause)); resume looks again"
        case .object(let kind):
            "an earlier attempt may have made this \(kind), and the lookup that would tell failed (\(cause)); "
                + "resume looks again"
        case .upload(let name):
            "an earlier attempt may have uploaded '\(name)', and the lookup that would tell failed (\(cause)); "
                + "resume looks again"
        }
    }

    var noLookupSentence: String {
        switch self {
        case .request(let line):
            "an earlier attempt sent \(line) and its answer was lost, and the step has no verify: read to tell "
                + "whether it took effect; check Canvas, then resume with --in-doubt resend or --in-doubt assume-done"
        case .object(let kind):
            "an earlier attempt may have made this \(kind), and nothing can look it up; check Canvas, then resume"
        case .upload(let name):
            "an earlier attempt may have uploaded '\(name)', and nothing can look it up; check Canvas, then resume"
        }
    }
}

/// Why the Canvas object of an item a SIS import wrote could not be read back.
enum SISReadBackProblem: Sendable, Hashable, CustomStringConvertible {
    /// The item's key could not be evaluated again (a resumed item whose expression now fails).
    case keyNotEvaluable
    /// The listings that hold the objects could not be read.
    case readFailed(CanvasError)
    /// No listing holds objects of this kind, and they are not read one at a time.
    case notListable(kind: String)
    /// The listing that should hold the object does not.
    case notInListing

    var description: String {
        switch self {
        case .keyNotEvaluable: "its key could not be evaluated again"
        case .readFailed(let error): "reading it back failed: \(error.description)"
        case .notListable(let kind):
            "no listing of \(kind)s holds it, and it is not read one at a time; a later step needs its Canvas "
                + "object: use its SIS id there, or via: api"
        case .notInListing: "its listing does not hold it"
        }
    }
}
