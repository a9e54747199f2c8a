public import Canvas
public import Diagnostics
import Expressions
import Resources

/// Why a job could not be planned or run past a step: the problem, as data, and where in the job it arose.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var problem: PlanningProblem
    /// The step it concerns, if any.
    public var stepID: String?
    /// The item it concerns, if any.
    public var itemKey: String?
    /// Where in the job file it arose, if known.
    public var range: SourceRange?
    /// Whether only its item is concerned (a key Canvas cannot find, a value it refuses), so that the plan
    /// can go on with the step's other items and report every such problem at once.
    public var concernsOnlyItsItem = false
    /// The same step's other items that could not be planned either.
    public var others: [PlanningError] = []

    /// Creates an error.
    public init(_ problem: PlanningProblem, stepID: String? = nil, itemKey: String? = nil, range: SourceRange? = nil) {
        self.problem = problem
        self.stepID = stepID
        self.itemKey = itemKey
        self.range = range
    }

    /// What went wrong, in words an admin understands.
    public var message: String { problem.description }

    /// Canvas's error, when Canvas's answer (or its silence) is the cause: it decides the exit status.
    public var canvasCause: CanvasError? { problem.canvasCause }

    public var description: String {
        var lines = [line]
        let listed = others.prefix(Self.listedOthers)
        lines += listed.map(\.line)
        if others.count > listed.count { lines.append("… and \(others.count - listed.count) more items") }
        return lines.joined(separator: "\n")
    }

    /// How many of `others` the description lists.
    static let listedOthers = 19

    private var line: String {
        var prefix = ""
        if let stepID { prefix += "step '\(stepID)'" }
        if let itemKey { prefix += (prefix.isEmpty ? "" : ", ") + "item '\(itemKey)'" }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}
