/// How a run (or one resume of it) ended: its status, its counts per step, and the items that need attention.
public struct RunOutcome: Sendable {
    /// The run.
    public var runID: RunID
    /// `succeeded`, `failed` or `interrupted`.
    public var status: RunStatus
    /// How many items are in each state, per step.
    public var summary: RunSummary
    /// Items that failed, are in doubt, or were left with only their intent journaled.
    public var problems: [ItemRecord]
    /// Steps that could not run as a whole (their items could not be listed, a step they need failed, an export
    /// failed), with why.
    public var failedSteps: [String: StepFailure]
    /// Why the whole run stopped, when a failure every item would hit stopped it (Canvas unreachable, the token
    /// rejected); reported once rather than on each item. Its cause decides the exit status.
    public var runFailure: RunLevelFailure? = nil
    /// The items of ``problems`` that failed, in this process, on the cause of ``runFailure``.
    public var runFailureItems: Set<ItemReference> = []
    /// Whether the run stopped before trying every item (`on_error: stop`, a run-level failure, Ctrl-C), rather
    /// than trying each and ending with some failed.
    public var stoppedEarly = false

    /// An outcome.
    public init(
        runID: RunID, status: RunStatus, summary: RunSummary, problems: [ItemRecord],
        failedSteps: [String: StepFailure]
    ) {
        self.runID = runID
        self.status = status
        self.summary = summary
        self.problems = problems
        self.failedSteps = failedSteps
    }

    /// The steps of ``failedSteps``, each with why in the apply summary's words.
    public var stepFailures: [String: String] { failedSteps.mapValues(\.description) }

    /// Items refused because their live object changed since the reviewed plan.
    public var refused: [ItemRecord] {
        problems.filter { $0.state == .refused }
    }
}
