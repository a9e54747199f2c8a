import Canvas
import Foundation
import JSONValues
import JobSpec
import Resources
import RunContext

/// Runs an `ensure` step with `via: sis_import`: reads and diffs each item as the API transport does, then sends
/// the changed items as rows of SIS import CSV files, `batch_size` rows per import, and settles each item from the
/// import's outcome.
struct SISImportStep: Sendable {
    let runner: StepRunner
    let kind: ResourceKind
    let format: SISRowFormat
    let batchSize: Int
    /// Where confirmed items wait to be read back, when a later step needs more of their objects than SIS ids;
    /// nil when none does, and the import's rows are their outputs.
    let readBackQueue: SISReadBackQueue?

    var executor: Executor { runner.executor }
    var step: Step { runner.step }

    /// The transport of `runner`'s step, or nil when the step sends its changes through the API.
    init?(runner: StepRunner) {
        guard case .ensure(let ensure) = runner.step.kind,
            runner.executor.graph.spec.transport(of: ensure) == .sisImport,
            let format = SISRowFormat.named(ensure.kind.rawValue),
            let kind = try? ResourceKinds.named(ensure.kind.rawValue)
        else { return nil }
        self.runner = runner
        self.kind = kind
        self.format = format
        self.batchSize = ensure.batchSize ?? JobSpec.defaultSISBatchSize
        self.readBackQueue =
            SISOutputUse.needsObjects(of: runner.step.id, in: runner.executor.graph) ? SISReadBackQueue() : nil
    }

    /// Runs every unit of the step: settles the imports an earlier attempt sent, plans the rest, and sends the
    /// changed rows.
    func run(_ work: some AsyncSequence<StepRunner.Work, any Error>) async throws
        -> (StepBoard.StepEnd, [ItemResult])
    {
        var units: [StepRunner.Work] = []
        for try await unit in work { units.append(unit) }
        let results = SISResults()
        var pending: [StepItem] = []
        for unit in units {
            guard case .run(let item) = unit else {
                await publish(try await runner.perform(unit), of: unit.item, into: results)
                continue
            }
            let earlier = runner.earlier[item.key]
            if let earlier, earlier.state == .confirmed {
                executor.progress.update(step.id) { $0.restored += 1 }
                let restored = ItemResult(
                    key: item.key, input: item.value ?? .null, output: earlier.outputs ?? .null,
                    status: earlier.action.resultStatus)
                await publish(restored, of: item, into: results)
                continue
            }
            pending.append(item)
        }
        pending = try await settleEarlierImports(of: pending, into: results)
        let rows = try await plannedRows(of: pending, into: results)
        var batchStart = 0
        while batchStart < rows.count {
            if executor.stop.isRequested { break }
            let batch = Array(rows[batchStart..<min(batchStart + batchSize, rows.count)])
            try await send(batch, into: results)
            batchStart += batchSize
        }
        if let readBackQueue {
            try await readBack(readBackQueue.take(), into: results)
        }
        let (ordered, failures) = results.ordered
        if executor.stop.isRequested && ordered.count < units.count {
            return (.halted(reason: "the run stopped"), ordered)
        }
        return (.completed(failures: failures), ordered)
    }

    /// Makes an item's result known to later steps and to the step's tally.
    func publish(_ result: ItemResult, of item: StepItem, into results: SISResults) async {
        results.add(result, at: item.index)
        await runner.board.publish(.init(index: item.index, result: result), of: step.id)
    }
}
