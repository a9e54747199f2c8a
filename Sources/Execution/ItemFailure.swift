import Canvas
import JSONValues

/// Why an item did not succeed, as the journal records it.
struct ItemFailure: Error, Sendable {
    /// `failed`, `inDoubt`, `refused` (it differs from the reviewed plan), or `answered` when the write happened
    /// but its job did not finish well.
    var state: ItemState
    /// What happened, for a Canvas admin.
    var message: String
    /// The HTTP status, when Canvas answered.
    var status: Int?
    /// What Canvas answered, kept in the journal when the write happened (`answered`).
    var outputs: JSONValue? = nil
    /// Canvas's error, when Canvas's answer (or its silence) is the cause.
    var canvasError: CanvasError? = nil

    /// A failure in `state` for `problem`.
    init(state: ItemState, _ problem: WriteProblem, outputs: JSONValue? = nil) {
        self.init(state: state, message: problem.message, status: problem.status, outputs: outputs)
        canvasError = problem.canvasError
    }

    /// A failure in `state` for Canvas's `error`.
    init(state: ItemState, _ error: CanvasError) {
        self.init(state: state, message: error.description, status: error.status)
        canvasError = error
    }

    /// A failure in `state`.
    init(state: ItemState, message: String, status: Int?, outputs: JSONValue? = nil) {
        self.state = state
        self.message = message
        self.status = status
        self.outputs = outputs
    }

    /// An error's words for a Canvas admin.
    static func describe(_ error: any Error) -> String {
        (error as? CanvasError)?.description ?? (error as? ItemFailure)?.message ?? "\(error)"
    }
}

/// Why the last read, lookup, send or wait of a write did not succeed, kept for the item's failure.
struct WriteProblem: Sendable, Hashable {
    /// What happened, for a Canvas admin.
    var message = ""
    /// The HTTP status, when Canvas answered.
    var status: Int? = nil
    /// Why every item would fail the same way (a rejected token, a host that cannot be reached), when it is so.
    var runLevelFailure: RunLevelFailure? = nil
    /// Canvas's error, when the problem is one.
    var canvasError: CanvasError? = nil

    /// The problem a Canvas error describes.
    init(_ error: CanvasError) {
        self.init(error.description, status: error.status)
        runLevelFailure = RunLevelFailure.of(error)
        canvasError = error
    }

    /// A problem in words.
    init(_ message: String = "", status: Int? = nil) {
        self.message = message
        self.status = status
    }
}
