public import Canvas
import Diagnostics
public import Foundation
import JSONValues
public import JobSpec
public import Logging
import OrderedCollections
public import PlanModel
import Resources
import RunContext

/// Applies a job to Canvas: walks its step graph with a global and per-step parallelism bound, journals every
/// item before and after its write, and on resume skips what an earlier attempt confirmed.
///
/// Steps run as soon as the steps they need have finished; a step that iterates another's items
/// (`for_each: ${{ steps.A.items }}`) starts each item as soon as A's item for it is done.
public struct Executor: Sendable {
    /// What to do with a raw write whose earlier attempt may or may not have reached Canvas and that has no
    /// `verify:` read to tell.
    public enum InDoubtPolicy: String, Sendable, Hashable, CaseIterable {
        /// Leave it in doubt and report it; the run fails until someone decides.
        case stop
        /// Send it again (the admin checked that it did not happen).
        case resend
        /// Count it as done without sending (the admin checked that it happened).
        case assumeDone = "assume-done"
    }

    /// How a run is carried out.
    public struct Options: Sendable {
        /// The most items in flight across all steps; the job's `defaults.parallelism` when nil.
        public var parallelism: Int?
        /// A reviewed plan: an `ensure` or `request` item whose action now differs from the plan's is refused.
        public var reviewedPlan: Plan?
        /// Decides for raw writes left in doubt by an earlier attempt.
        public var inDoubtPolicy: InDoubtPolicy = .stop
        /// Where relative export paths start, and the folder exports stay in; the job file's folder when nil.
        public var exportDirectory: URL?
        /// Another folder exports may be written to (`--export-dir DIR`); relative paths then start there.
        public var allowedExportDirectory: URL?
        /// Whether this process made `reviewedPlan` just before the run: an `ensure` item whose planned action
        /// follows from the object the plan read is applied without reading Canvas again. A plan read from a
        /// file is older: each of its items is read again.
        public var trustsReviewedReads = false
        /// Where the run writes, for the production guard; nil leaves the guard to the caller.
        public var environment: PlanEnvironment?
        /// The production host the user confirmed; a write to a production `environment` of any other host is
        /// not sent.
        public var confirmedProductionHost: String?

        /// The `ensure` items a plan merged into items of earlier steps (`Plan.mergedItems`), by step and key: each
        /// takes its target's result rather than writing. Those of `reviewedPlan` count too; this carries them when
        /// the run writes whatever the job wants now (`--refresh`).
        public var mergedItems: [String: [String: MergeTarget]] = [:]

        /// Default options.
        public init() {}
    }

    /// The job and its graph.
    public let graph: StepGraph
    /// The client, with its throttle governors.
    public let client: any CanvasBoundary
    /// Where items are journaled.
    public let journal: any JournalStore
    /// The run being applied or resumed.
    public let runID: RunID
    /// How to carry it out.
    public let options: Options
    /// Live counts, for the progress display.
    public let progress: RunProgress
    /// Ctrl-C, or a failure under `on_error: stop`.
    public let stop: StopSignal
    /// The process environment, for the job's allow-listed `env`.
    public let environment: [String: String]
    /// Where problems are logged.
    public let logger: Logger
    /// The reviewed plan's items by step and key, for the check each item makes before it writes.
    let reviewedItems: [String: ReviewedStep]
    /// References read once for all items (`term_id: sis_term_id:…`).
    let sharedReads = SharedReads.forApplying()
    /// The permission refusals of each step in a row, to tell a permission a whole step lacks.
    let permissionRefusals = PermissionRefusals()
    /// The items that failed on a cause every item could hit, for the report of a run-level failure.
    let runLevelHits = RunLevelHits()
    /// The objects this process has created in the run: nothing under them is looked up.
    let runCreations = RunCreations()
    /// When this process started the run, on the client's clock: a lookup of a write an earlier process may have
    /// left running waits the settle time from here.
    let startedAt: Duration
    /// The production confirmation and the job's limits, consulted before each write.
    public let writeGuard: WriteGuard

    /// The steps whose items others were merged into: the merged items wait for these steps' published results.
    let mergeTargetSteps: Set<String>

    /// A reviewed plan's step, indexed by item key.
    struct ReviewedStep: Sendable {
        var itemsUnknown: Bool
        var items: [String: PlannedItem]
    }

    /// An executor for one run of `graph`.
    public init(
        graph: StepGraph,
        client: any CanvasBoundary,
        journal: any JournalStore,
        runID: RunID,
        options: Options = Options(),
        progress: RunProgress? = nil,
        stop: StopSignal = StopSignal(),
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger
    ) {
        self.graph = graph
        self.client = client
        self.journal = journal
        self.runID = runID
        self.options = options
        self.progress = progress ?? RunProgress(stepIDs: graph.order)
        self.stop = stop
        self.environment = environment
        self.logger = logger
        startedAt = client.configuration.clock.now()
        var reviewed: [String: ReviewedStep] = [:]
        for step in options.reviewedPlan?.steps ?? [] {
            reviewed[step.id] = ReviewedStep(
                itemsUnknown: step.itemsUnknown != nil,
                items: Dictionary(step.items.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
        }
        reviewedItems = reviewed
        var targets = Set(options.mergedItems.values.flatMap { $0.values.map(\.stepID) })
        for step in options.reviewedPlan?.steps ?? [] {
            for item in step.items { if let target = item.mergedInto { targets.insert(target.stepID) } }
        }
        mergeTargetSteps = targets
        writeGuard = WriteGuard(
            limits: graph.spec.limits, environment: options.environment,
            confirmedHost: options.confirmedProductionHost)
    }

    /// Runs every step, or what an earlier attempt of this run left undone, and returns how it ended.
    ///
    /// Throws only when the journal cannot be written or the job's inputs cannot be read; Canvas errors are
    /// recorded per item and summarised in the outcome.
    public func run() async throws -> RunOutcome {
        // Every export path is checked before anything is sent: a job that would write outside its folder
        // does nothing.
        for step in graph.spec.steps.values {
            if let export = step.export { _ = try exportLocation.resolve(export.path) }
        }
        let earlier = try await earlierRecords()
        countEarlierWrites(earlier)
        let board = StepBoard(scope: try RunScope(spec: graph.spec, environment: environment))
        let global = AsyncLimiter(limit: options.parallelism ?? graph.spec.defaults.parallelism)
        for id in graph.order {
            if let source = graph.dependencies[id]?.first(where: { $0.value == .perItem })?.key {
                progress.update(id) { $0.iterates = source }
            }
        }
        let executor = self
        let stepFailures = await withTaskGroup(
            of: (String, StepFailure?).self, returning: [String: StepFailure].self
        ) { group in
            for id in graph.order {
                group.addTask {
                    let failure = await executor.runStep(
                        id, board: board, global: global, earlier: earlier.records[id] ?? [:],
                        confirmed: earlier.confirmed[id] ?? [:])
                    return (id, failure)
                }
            }
            var failures: [String: StepFailure] = [:]
            for await (id, failure) in group {
                if let failure { failures[id] = failure }
            }
            return failures
        }
        try await journal.flush()
        return try await outcome(stepFailures: stepFailures)
    }

    private func earlierRecords() async throws -> EarlierItems {
        var earlier = EarlierItems()
        func keep(_ record: ItemRecord) { earlier.records[record.stepID, default: [:]][record.itemKey] = record }
        // A confirmed item is not done again. Its outputs matter only to a later step or an export that reads
        // them, and the rest of its record only to a SIS import's batches: the other steps' confirmed items are
        // known by their key and action alone, which spares a long run's resume most of its loading.
        let unsettled = Set(ItemState.allCases).subtracting([.confirmed])
        for record in try await journal.items(run: runID, step: nil, states: unsettled, payloads: true) {
            keep(record)
        }
        let readSteps = Set(graph.order.filter(outputsAreRead))
        let wholeSteps = Set(graph.order.filter(keepsWholeRecords))
        for confirmed in try await journal.confirmedItems(run: runID)
        where !readSteps.contains(confirmed.stepID) && !wholeSteps.contains(confirmed.stepID) {
            earlier.confirmed[confirmed.stepID, default: [:]][confirmed.itemKey] = confirmed.action
        }
        if !wholeSteps.subtracting(readSteps).isEmpty {
            for record in try await journal.items(run: runID, step: nil, states: [.confirmed], payloads: false)
            where wholeSteps.contains(record.stepID) && !readSteps.contains(record.stepID) {
                keep(record)
            }
        }
        for id in graph.order where readSteps.contains(id) {
            for record in try await journal.items(run: runID, step: id, states: [.confirmed], payloads: true) {
                keep(record)
            }
        }
        return earlier
    }

    /// Whether step `id` needs its confirmed items' whole records on resume: a SIS import step does, for its
    /// batches and attempts.
    private func keepsWholeRecords(_ id: String) -> Bool {
        guard let step = graph.spec.steps[id], case .ensure(let ensure) = step.kind else { return false }
        return graph.spec.transport(of: ensure) == .sisImport
    }

    /// Whether the outputs of step `id`'s items are read: by a later step, or by the step's `export:`.
    private func outputsAreRead(_ id: String) -> Bool {
        graph.spec.steps[id]?.export != nil || !graph.dependents(of: id).isEmpty
    }

    /// Where the job's exports may go.
    var exportLocation: ExportLocation {
        let jobFolder = URL(fileURLWithPath: graph.spec.source.path).deletingLastPathComponent()
        return ExportLocation(base: options.exportDirectory ?? jobFolder, allowed: options.allowedExportDirectory)
    }

    /// Counts against the limits the writes an earlier attempt of this run sent or may have sent.
    private func countEarlierWrites(_ earlier: EarlierItems) {
        for (stepID, records) in earlier.records {
            for record in records.values where record.state == .confirmed || record.state.isUnsettled {
                countEarlierWrite(stepID: stepID, itemKey: record.itemKey, action: record.action)
            }
        }
        for (stepID, actions) in earlier.confirmed {
            for (itemKey, action) in actions { countEarlierWrite(stepID: stepID, itemKey: itemKey, action: action) }
        }
    }

    private func countEarlierWrite(stepID: String, itemKey: String, action: ItemAction) {
        guard let step = graph.spec.steps[stepID] else { return }
        switch action {
        case .create:
            writeGuard.countEarlier(stepID: stepID, itemKey: itemKey, as: .change)
        case .update:
            // The journal does not say whether an earlier update replaced its object: one that may have is counted
            // as having done so, so that a resume never spends a delete twice.
            writeGuard.countEarlier(
                stepID: stepID, itemKey: itemKey, as: step.mayReplaceObjects ? .replacement : .change)
        case .delete:
            writeGuard.countEarlier(stepID: stepID, itemKey: itemKey, as: .delete)
        case .request:
            writeGuard.countEarlier(stepID: stepID, itemKey: itemKey, as: step.sendsDelete ? .delete : .change)
        case .read, .none:
            break
        }
    }

    private func outcome(stepFailures: [String: StepFailure]) async throws -> RunOutcome {
        let summary = try await journal.summary(of: runID)
        let problems = try await journal.items(
            run: runID, states: [.failed, .inDoubt, .intent, .sent, .answered, .refused])
        let status: RunStatus
        switch stop.reason {
        case .interrupted?: status = .interrupted
        case .failed?, .runFailure?: status = .failed
        case nil: status = problems.isEmpty && stepFailures.isEmpty ? .succeeded : .failed
        }
        var outcome = RunOutcome(
            runID: runID, status: status, summary: summary, problems: problems, failedSteps: stepFailures)
        outcome.stoppedEarly = stop.reason != nil
        if case .runFailure(let failure)? = stop.reason {
            outcome.runFailure = failure
            outcome.runFailureItems = runLevelHits.items(failedOn: failure.cause)
        }
        return outcome
    }
}

/// What earlier attempts of a run journaled, by step and item key: whole records, and the confirmed items of steps
/// that need no more of them than their action.
struct EarlierItems {
    var records: [String: [String: ItemRecord]] = [:]
    var confirmed: [String: [String: ItemAction]] = [:]
}
