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
    let board: StepBoard
    /// The listings read for this step's items when it began (`Executor.readListings`), with the references they
    /// share; nil when none were.
    var listingReads: SharedReads?

    /// Whether items keep their whole output in the journal: when a later step reads this one or it is exported.
    /// Otherwise only the id is kept, so journaling a 100,000-item step stays small.
    var keepsFullOutputs: Bool {
        !executor.graph.dependents(of: step.id).isEmpty || step.export != nil
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
    func run(_ items: AsyncStream<StepItem>, global: AsyncLimiter) async throws -> (StepBoard.StepEnd, [ItemResult]) {
        let work = AsyncThrowingStream<Work, any Error> { continuation in
            let feeder = Task {
                for await item in items { continuation.yield(.run(item)) }
                continuation.finish()
            }
            continuation.onTermination = { _ in feeder.cancel() }
        }
        return try await run(work, global: global)
    }

    private func run(_ work: AsyncThrowingStream<Work, any Error>, global: AsyncLimiter) async throws
        -> (StepBoard.StepEnd, [ItemResult])
    {
        if let transport = SISImportStep(runner: self) { return try await transport.run(work) }
        let limiter = AsyncLimiter(
            limit: step.parallelism ?? executor.options.parallelism ?? executor.graph.spec.defaults.parallelism)
        let tally = StepTally()
        var started = 0
        var stopped = false
        let runner = self
        try await withThrowingDiscardingTaskGroup { group in
            for try await unit in work {
                started += 1
                if executor.stop.isRequested {
                    stopped = true
                    break
                }
                // Outside the bounds: it only waits for an item of an earlier step, which may need a slot.
                if case .run(let item) = unit, let target = runner.mergeTarget(of: item) {
                    group.addTask {
                        let result = try await runner.takeResult(of: target, for: item)
                        tally.add(result, at: item.index)
                        await runner.board.publish(.init(index: item.index, result: result), of: runner.step.id)
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
                    await runner.board.publish(.init(index: unit.item.index, result: result), of: runner.step.id)
                }
            }
        }
        let (results, failures) = tally.ordered
        if stopped || executor.stop.isRequested && results.count < started {
            return (.halted(reason: "the run stopped"), results)
        }
        return (.completed(failures: failures), results)
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

/// The results of a step's items as they finish, from many tasks.
private final class StepTally: Sendable {
    private let state = Mutex<(results: [Int: ItemResult], failures: Int)>(([:], 0))

    func add(_ result: ItemResult, at index: Int) {
        state.withLock { state in
            state.results[index] = result
            if StepRunner.failedStatuses.contains(result.status) { state.failures += 1 }
        }
    }

    /// The results in item order, and how many failed.
    var ordered: ([ItemResult], Int) {
        state.withLock { state in
            (state.results.keys.sorted().compactMap { state.results[$0] }, state.failures)
        }
    }
}
