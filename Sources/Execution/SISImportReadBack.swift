import Canvas
import Expressions
import Foundation
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import Resources
import RunContext
import Synchronization

/// What the steps after a `via: sis_import` step, and its own `export:`, read of its items' outputs: whether any
/// needs more than the SIS ids a row already carries (`output.id`, the whole object, a field Canvas fills in).
enum SISOutputUse {
    /// Whether the step's `export:` or a step after `id` reads its items' outputs beyond their SIS ids, so that the
    /// objects the import wrote must be read back.
    static func needsObjects(of id: String, in graph: StepGraph) -> Bool {
        if let export = graph.spec.steps[id]?.export, exportReadsObjects(export) { return true }
        for dependentID in graph.dependents(of: id) {
            guard let dependent = graph.spec.steps[dependentID] else { continue }
            let iteratesItems = iteratesItems(of: id, dependent)
            for template in dependent.templates {
                for reference in template.references {
                    if reference.root == "steps", reference.firstMember == id {
                        let rest = Array(reference.components.dropFirst())
                        if iteratesItems, rest == [.member("items")] { continue }
                        if readsObject(afterStep: rest) { return true }
                    } else if reference.root == "item", iteratesItems {
                        if readsObject(afterItem: reference.components) { return true }
                    }
                }
            }
        }
        return false
    }

    /// Whether an export writes more than SIS ids: a JSON export or a CSV of every field writes the objects as a
    /// `via: api` step's export does; a CSV whose columns are all SIS ids (`sis_user_id`) needs nothing read.
    private static func exportReadsObjects(_ export: Step.Export) -> Bool {
        guard export.format == .csv, let columns = export.columns, !columns.isEmpty else { return true }
        return !columns.allSatisfy { $0.hasPrefix("sis_") && !$0.contains(".") }
    }

    /// Whether `step` fans out over `id`'s items exactly (`for_each: ${{ steps.ID.items }}`), so that its `item`
    /// is one of them.
    private static func iteratesItems(of id: String, _ step: Step) -> Bool {
        guard case .template(let template)? = step.forEach, template.isWholeExpression,
            template.references.count == 1, let reference = template.references.first, reference.root == "steps"
        else { return false }
        return reference.components == [.member(id), .member("items")]
    }

    /// After `steps.ID`: `.output.FIELD` or `.items[…].output.FIELD` read an object; `.items[…].input` and
    /// `.status` do not; anything else (the whole list handed to a function) is taken to read it.
    private static func readsObject(afterStep components: [PathComponent]) -> Bool {
        var rest = components[...]
        switch rest.first {
        case .member("output"):
            return readsObject(afterItem: Array(rest))
        case .member("items"):
            rest = rest.dropFirst()
            guard let next = rest.first else { return true }
            if case .member = next {} else { rest = rest.dropFirst() }
            return rest.isEmpty ? true : readsObject(afterItem: Array(rest))
        default:
            return true
        }
    }

    /// After an item (`item` or `steps.ID.items[0]`): `.output` whole or `.output.FIELD` with a field that is not
    /// a SIS id reads the object.
    private static func readsObject(afterItem components: [PathComponent]) -> Bool {
        guard case .member("output")? = components.first else { return false }
        guard components.count > 1, case .member(let field) = components[1] else { return true }
        return !field.hasPrefix("sis_")
    }
}

/// An item an import confirmed, whose Canvas object is read back before later steps see it.
struct SISConfirmedItem: Sendable {
    let item: StepItem
    let action: ItemAction
    let plan: EnsurePlan?
    let label: String
    let importID: String
}

/// The items confirmed by a step's imports, waiting to be read back.
final class SISReadBackQueue: Sendable {
    private let items = Mutex<[SISConfirmedItem]>([])

    func add(_ item: SISConfirmedItem) {
        items.withLock { $0.append(item) }
    }

    /// Every item added so far, in item order; the queue is left empty.
    func take() -> [SISConfirmedItem] {
        items.withLock { items in
            defer { items = [] }
            return items.sorted { $0.item.index < $1.item.index }
        }
    }
}

extension SISImportStep {
    /// Reads back, through listings by parent, the objects of the items the step's imports confirmed, and
    /// confirms each with its Canvas object as output. An item whose object cannot be read stays answered with
    /// its import, so that resume waits for that import and reads it back again.
    func readBack(_ confirmed: [SISConfirmedItem], into results: SISResults) async throws {
        guard !confirmed.isEmpty else { return }
        var items: [EnsureItem] = []
        var readable: [SISConfirmedItem] = []
        for entry in confirmed {
            if let ensureItem = entry.plan?.item ?? (try? step.ensureItem(for: entry.item, in: runner.scope))?.1 {
                items.append(ensureItem)
                readable.append(entry)
            } else {
                try await stayAnswered(entry, .keyNotEvaluable, into: results)
            }
        }
        let width = step.parallelism ?? executor.options.parallelism ?? executor.graph.spec.defaults.parallelism
        let found: ReadBackResult
        do {
            found = try await kind.readBack(items, client: executor.client, logger: executor.logger, width: width)
        } catch let error as CanvasError {
            for entry in readable {
                try await stayAnswered(entry, .readFailed(error), into: results)
            }
            return
        }
        executor.logger.info(
            "\(step.id): read back \(found.objects.count) \(kind.name)s",
            metadata: ["pages": "\(found.counts.pages)", "listings": "\(found.counts.listings)"])
        let unlistable = Set(found.unlistable)
        for (position, entry) in readable.enumerated() {
            guard let object = found.objects[position] else {
                let problem: SISReadBackProblem =
                    unlistable.contains(position) ? .notListable(kind: kind.name) : .notInListing
                try await stayAnswered(entry, problem, into: results)
                continue
            }
            try await record(
                entry.item, .confirmed, action: entry.action,
                attempts: max(1, runner.earlier[entry.item.key]?.attempts ?? 1),
                canvasID: object["id"]?.interpolated, httpStatus: 200, outputs: object, plan: entry.plan)
            executor.progress.update(step.id) { $0.done += 1 }
            await publish(
                ItemResult(
                    key: entry.item.key, input: entry.item.value ?? .null, output: object,
                    status: entry.action.resultStatus), of: entry.item, into: results)
        }
    }

    private func stayAnswered(_ entry: SISConfirmedItem, _ problem: SISReadBackProblem, into results: SISResults)
        async throws
    {
        try await fail(
            entry.item, .sisReadBackFailed(importID: entry.importID, problem), action: entry.action, state: .answered,
            outputs: ["sis_batch": .string(entry.label), "sis_import_id": .string(entry.importID)], into: results)
    }
}
