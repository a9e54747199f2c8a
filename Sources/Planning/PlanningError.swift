public import Diagnostics

/// Why a job could not be planned or run past a step: a message for a Canvas admin, and where in the job it arose.
public struct PlanningError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in words an admin understands.
    public var message: String
    /// The step it concerns, if any.
    public var stepID: String?
    /// The item it concerns, if any.
    public var itemKey: String?
    /// Where in the job file it arose, if known.
    public var range: SourceRange?

    /// Creates an error.
    public init(_ message: String, stepID: String? = nil, itemKey: String? = nil, range: SourceRange? = nil) {
        self.message = message
        self.stepID = stepID
        self.itemKey = itemKey
        self.range = range
    }

    public var description: String {
        var prefix = ""
        if let stepID { prefix += "step '\(stepID)'" }
        if let itemKey { prefix += (prefix.isEmpty ? "" : ", ") + "item '\(itemKey)'" }
        return prefix.isEmpty ? message : "\(prefix): \(message)"
    }
}
