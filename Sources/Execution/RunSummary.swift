/// How many items of a run are in each state, step by step.
public struct RunSummary: Hashable, Sendable {
    /// The counts of one step.
    public struct StepCounts: Hashable, Sendable {
        /// The step's id.
        public var stepID: String
        /// How many items are in each state; states with no items are absent.
        public var counts: [ItemState: Int]
        /// How many items had each outcome; items still on their way have none and are not counted here.
        public var outcomes: [ItemOutcome: Int]

        /// The counts of a step.
        public init(stepID: String, counts: [ItemState: Int], outcomes: [ItemOutcome: Int] = [:]) {
            self.stepID = stepID
            self.counts = counts
            self.outcomes = outcomes
        }

        /// How many items had `outcome`.
        public func count(of outcome: ItemOutcome) -> Int { outcomes[outcome] ?? 0 }

        /// How many items are in `state`.
        public subscript(state: ItemState) -> Int { counts[state] ?? 0 }

        /// How many items the step has in all.
        public var total: Int { counts.values.reduce(0, +) }
    }

    /// The run summarised.
    public var runID: RunID
    /// One entry per step that has items, in the order each step's first item was recorded.
    public var steps: [StepCounts]

    /// A summary of a run.
    public init(runID: RunID, steps: [StepCounts]) {
        self.runID = runID
        self.steps = steps
    }

    /// How many items of the whole run are in `state`.
    public subscript(state: ItemState) -> Int { steps.reduce(0) { $0 + $1[state] } }

    /// How many items of the whole run had `outcome`.
    public func count(of outcome: ItemOutcome) -> Int { steps.reduce(0) { $0 + $1.count(of: outcome) } }

    /// How many items the run has in all.
    public var total: Int { steps.reduce(0) { $0 + $1.total } }

    /// The counts of the step `stepID`, or nil when it has no items.
    public func step(_ stepID: String) -> StepCounts? { steps.first { $0.stepID == stepID } }
}
