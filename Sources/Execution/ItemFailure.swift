import Canvas
import JSONValues

/// Why an item did not succeed, as the journal records it.
struct ItemFailure: Error, Sendable {
    /// `failed`, `inDoubt`, `refused` (it differs from the reviewed plan), or `answered` when the write happened
    /// but its job did not finish well.
    var state: ItemState
    /// What happened.
    var problem: ItemProblem
    /// The HTTP status, when Canvas answered.
    var status: Int?
    /// What Canvas answered, kept in the journal when the write happened (`answered`).
    var outputs: JSONValue? = nil

    /// A failure in `state` for `problem`.
    init(state: ItemState, _ problem: ItemProblem, status: Int?, outputs: JSONValue? = nil) {
        self.state = state
        self.problem = problem
        self.status = status
        self.outputs = outputs
    }

    /// A failure in `state` for the last problem of a write.
    init(state: ItemState, _ problem: WriteProblem, outputs: JSONValue? = nil) {
        self.init(state: state, problem.problem, status: problem.status, outputs: outputs)
    }

    /// A failure in `state` for Canvas's `error`.
    init(state: ItemState, _ error: CanvasError) {
        self.init(state: state, .canvas(error), status: error.status)
    }

    /// What happened, for a Canvas admin: the journal's message.
    var message: String { problem.description }

    /// Canvas's error, when Canvas's answer (or its silence) is the whole problem.
    var canvasError: CanvasError? { problem.canvasError }
}

/// Why the last read, lookup, send or wait of a write did not succeed, kept for the item's failure.
struct WriteProblem: Sendable {
    /// What happened.
    var problem: ItemProblem = .unexplained
    /// The HTTP status, when Canvas answered.
    var status: Int? = nil

    /// The problem a Canvas error describes.
    init(_ error: CanvasError) {
        self.init(.canvas(error), status: error.status)
    }

    /// A problem, with the status Canvas answered when there was one.
    init(_ problem: ItemProblem = .unexplained, status: Int? = nil) {
        self.problem = problem
        self.status = status
    }

    /// Why every item would fail the same way (a rejected token, a host that cannot be reached), when it is so.
    var runLevelFailure: RunLevelFailure? { problem.canvasError.flatMap(RunLevelFailure.of) }
}
