import Canvas
import Foundation
import JSONValues
import JobSpec
import Resources
import RunContext
import Synchronization

/// Runs the items of one step, at most the step's parallelism at a time and within the run's global bound,
/// publishing each item's result as soon as it is known.
struct StepRunner: Sendable {
    /// One unit of work of the step.
    enum Work: Sendable {
        /// An item to run.
        case run(StepItem)
        /// An item not to run because the item it depends on failed.
        case blocked(StepItem, reason: String)
        /// An item not to run because the item it depends on was skipped by its condition.
        case skipped(StepItem, reason: String)

        var item: StepItem {
            switch self {
            case .run(let item), .blocked(let item, _), .skipped(let item, _): item
            }
        }
    }

    let executor: Executor
    let step: Step
    let scope: RunScope
    let earlier: [String: ItemRecord]
    /// The items an earlier attempt confirmed that `earlier` does not hold, with their action.
    let confirmed: [String: ItemAction]
    let board: StepBoard
    /// The listings read for this step's items when it began (`Executor.readListings`), with the references they
    /// share; nil when none were.
    var listingReads: SharedReads?

    /// Whether items keep their whole output in the journal: when a later step reads this one or it is exported.
    /// Otherwise only the id is kept, so journaling a 100,000-item step stays small.
    var keepsFullOutputs: Bool {
        !executor.graph.dependents(of: step.id).isEmpty || step.export != nil
    }

    /// Whether later steps read this step's items, one by one, as a whole or as the items merged into them, or
    /// the step is exported: otherwise its results are not published or kept beyond its failures.
    var isRead: Bool {
        !executor.graph.dependents(of: step.id).isEmpty || step.export != nil
            || executor.mergeTargetSteps.contains(step.id)
    }

    /// The statuses of an item that its dependents do not run after.
    static let failedStatuses = Set(ItemStatus.allCases.filter(\.blocksDependents))

    /// Runs the step over the items of the step it iterates, each as soon as it is done.
    func run(iterating source: AsyncStream<StepBoard.PublishedItem>, of sourceID: String, global: AsyncLimiter)
        async throws
        -> (StepBoard.StepEnd, [ItemResult])
    {
        let step = self.step
        let scope = self.scope
        let work = AsyncThrowingStream<Work, any Error> { continuation in
            let feeder = Task {
                for await published in source {
                    do {
                        let item = try step.item(for: published.result.scopeValue, at: published.index, in: scope)
                        if Self.failedStatuses.contains(published.result.status) {
                            continuation.yield(
                                .blocked(
                                    item, reason: "not run: item '\(item.key)' of step '\(sourceID)' did not succeed"))
                        } else if published.result.status == .skipped {
                            continuation.yield(
                                .skipped(item, reason: Step.upstreamSkipReason(stepID: sourceID)))
                        } else {
                            continuation.yield(.run(item))
                        }
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in feeder.cancel() }
        }
        return try await run(work, global: global)
    }

    /// Runs the step over a known list of items.
    func run(_ items: [StepItem], global: AsyncLimiter) async throws -> (StepBoard.StepEnd, [ItemResult]) {
        try await run(ListedWork(items: items), global: global)
    }

    private func run<Units: AsyncSequence<Work, any Error>>(_ work: Units, global: AsyncLimiter) async throws
        -> (StepBoard.StepEnd, [ItemResult])
    {
        if let transport = SISImportStep(runner: self) { return try await transport.run(work) }
        let limiter = AsyncLimiter(
            limit: step.parallelism ?? executor.options.parallelism ?? executor.graph.spec.defaults.parallelism)
        let isRead = self.isRead
        let tally = StepTally(keepsResults: isRead)
        var started = 0
        var stopped = false
        let runner = self
        var restored = RestoredCount(stepID: step.id, progress: executor.progress)
        defer { restored.report() }
        try await withThrowingDiscardingTaskGroup { group in
            for try await unit in work {
                started += 1
                if executor.stop.isRequested {
                    stopped = true
                    break
                }
                // An item an earlier attempt confirmed is not done again: its result is known without a task, a
                // slot or a request, which keeps the resume of a long run about reading its journal.
                if case .run(let item) = unit, let (output, action) = confirmedEarlier(item.key) {
                    let result = ItemResult(
                        key: item.key, input: item.value ?? .null, output: output, status: action.resultStatus)
                    restored.add()
                    tally.add(result, at: item.index)
                    if isRead { await board.publish(.init(index: item.index, result: result), of: step.id) }
                    continue
                }
                // Outside the bounds: it only waits for an item of an earlier step, which may need a slot.
                if case .run(let item) = unit, let target = runner.mergeTarget(of: item) {
                    group.addTask {
                        let result = try await runner.takeResult(of: target, for: item)
                        tally.add(result, at: item.index)
                        if isRead {
                            await runner.board.publish(.init(index: item.index, result: result), of: runner.step.id)
                        }
                    }
                    continue
                }
                await limiter.acquire()
                if executor.stop.isRequested {
                    await limiter.release()
                    stopped = true
                    break
                }
                group.addTask {
                    await global.acquire()
                    let result: ItemResult
                    do {
                        result = try await runner.perform(unit)
                    } catch {
                        await global.release()
                        await limiter.release()
                        throw error
                    }
                    await global.release()
                    await limiter.release()
                    tally.add(result, at: unit.item.index)
                    if isRead {
                        await runner.board.publish(.init(index: unit.item.index, result: result), of: runner.step.id)
                    }
                }
            }
        }
        let (results, failures, finished) = tally.ordered
        if stopped || executor.stop.isRequested && finished < started {
            return (.halted(reason: "the run stopped"), results)
        }
        return (.completed(failures: failures), results)
    }

    /// The output and action of the item with `key` when an earlier attempt confirmed it.
    private func confirmedEarlier(_ key: String) -> (JSONValue, ItemAction)? {
        if let action = confirmed[key] { return (.null, action) }
        guard let record = earlier[key], record.state == .confirmed else { return nil }
        return (record.outputs ?? .null, record.action)
    }

    /// Runs or skips one unit, journaling it, and returns what later steps see of it.
    func perform(_ unit: Work) async throws -> ItemResult {
        switch unit {
        case .run(let item):
            return try await ItemExecution(runner: self, item: item, earlier: earlier[item.key]).run()
        case .blocked(let item, let reason), .skipped(let item, let reason):
            try await executor.journal.record(
                ItemRecord(
                    runID: executor.runID, stepID: step.id, itemKey: item.key, itemIndex: item.index, state: .skipped,
                    action: .none, errorMessage: reason, updatedAt: Date()))
            executor.progress.update(step.id) { $0.skipped += 1 }
            let status: ItemStatus = if case .blocked = unit { .blocked } else { .skipped }
            return ItemResult(key: item.key, input: item.value ?? .null, output: .null, status: status)
        }
    }
}

/// A step's known items as units of work, without a task or a stream between them and the step.
private struct ListedWork: AsyncSequence {
    let items: [StepItem]

    struct AsyncIterator: AsyncIteratorProtocol {
        var remaining: ArraySlice<StepItem>

        mutating func next() async throws -> StepRunner.Work? {
            remaining.popFirst().map(StepRunner.Work.run)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(remaining: items[...]) }
}

/// The items an earlier attempt confirmed, told to the progress display in batches rather than one by one.
private struct RestoredCount {
    let stepID: String
    let progress: RunProgress
    private var unreported = 0

    init(stepID: String, progress: RunProgress) {
        self.stepID = stepID
        self.progress = progress
    }

    mutating func add() {
        unreported += 1
        if unreported == 1_000 { report() }
    }

    mutating func report() {
        guard unreported > 0 else { return }
        let count = unreported
        progress.update(stepID) { $0.restored += count }
        unreported = 0
    }
}

/// The results of a step's items as they finish, from many tasks.
private final class StepTally: Sendable {
    /// Whether the results are kept, or only counted (for a step no later step reads).
    private let keepsResults: Bool
    private let state = Mutex<(results: [Int: ItemResult], failures: Int, finished: Int)>(([:], 0, 0))

    init(keepsResults: Bool) {
        self.keepsResults = keepsResults
    }

    func add(_ result: ItemResult, at index: Int) {
        state.withLock { state in
            if keepsResults { state.results[index] = result }
            state.finished += 1
            if StepRunner.failedStatuses.contains(result.status) { state.failures += 1 }
        }
    }

    /// The kept results in item order, how many failed, and how many finished.
    var ordered: ([ItemResult], Int, Int) {
        state.withLock { state in
            (state.results.keys.sorted().compactMap { state.results[$0] }, state.failures, state.finished)
        }
    }
}
