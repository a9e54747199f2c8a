public import Canvas
import Expressions
public import Foundation
import JSONValues
public import JobSpec
public import Logging
import OrderedCollections
public import PlanModel
import Resources
public import RunContext

/// Computes a job's plan: runs its reads and the lookups its `ensure` steps need, through the client (so
/// throttled and paginated like everything else), and never sends a write.
public struct Planner: Sendable {
    /// The job and its step graph.
    public let graph: StepGraph
    /// The job file as given on the command line.
    public let jobPath: String
    /// The client that reads live state.
    public let client: any CanvasBoundary
    /// Where the client points.
    public let environment: PlanEnvironment
    /// The most reads in flight at once; the client's throttle governor may run fewer.
    public var readParallelism: Int
    /// Whether an `ensure` step's items are found in their parents' listings where that costs fewer requests;
    /// false looks every item up on its own (for comparison).
    public var readsListings = true
    /// The version of Easel, recorded in the plan.
    public let easelVersion: String
    /// Where progress and problems are logged.
    public let logger: Logger

    /// Creates a planner.
    public init(
        graph: StepGraph,
        jobPath: String,
        client: any CanvasBoundary,
        environment: PlanEnvironment,
        readParallelism: Int = 32,
        easelVersion: String,
        logger: Logger
    ) {
        self.graph = graph
        self.jobPath = jobPath
        self.client = client
        self.environment = environment
        self.readParallelism = readParallelism
        self.easelVersion = easelVersion
        self.logger = logger
    }

    /// The plan of the whole job.
    public func plan(now: Date = Date()) async throws(PlanningError) -> Plan {
        let spec = graph.spec
        let readsBefore = client.readRequests
        var scope = try RunScope(spec: spec)
        var plannedSteps: [PlannedStep] = []
        let shared = SharedPlanning()
        var ensured = EnsuredObjects()
        var changedSteps: Set<String> = []
        // The planned result of every item, by step and key: what an item merged into one of them takes.
        var itemResults: [String: [String: ItemResult]] = [:]
        for id in graph.order {
            guard let step = spec.steps[id] else { continue }
            switch try step.items(in: scope) {
            case .unknown(let reason):
                plannedSteps.append(
                    PlannedStep(id: id, summary: step.summaryLine, isFanOut: true, items: [], itemsUnknown: reason)
                )
                scope.record(StepResult(itemsUnknown: "items of step '\(id)'"), for: id)
                changedSteps.insert(id)
            case .items(let items):
                let merged = try ensured.claim(items, of: step, in: scope).compactMapValues { target in
                    itemResults[target.stepID]?[target.itemKey].map { (target, $0) }
                }
                let planned = try await planItems(
                    of: step, items, scope: scope, shared: shared, changedSteps: changedSteps, merged: merged)
                if planned.items.contains(where: { $0.action.isWrite || $0.readAfterApply != nil }) {
                    changedSteps.insert(id)
                }
                shared.creations = shared.creations.merging(planned.creations)
                var plannedStep = PlannedStep(
                    id: id, summary: step.summaryLine, isFanOut: step.isFanOut, items: planned.items,
                    notes: items.compactMap(\.mergeNote) + Self.mergeNotes(merged.mapValues(\.0)))
                plannedStep.sisImport = SISImportPlan.of(step, items: plannedStep.items, spec: spec)
                plannedSteps.append(plannedStep)
                let results = planned.results
                // Only an `ensure` item names an object that a later item can be merged into.
                if case .ensure = step.kind {
                    itemResults[id] = Dictionary(
                        results.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                }
                if step.isFanOut {
                    scope.record(StepResult(items: results), for: id)
                } else if let single = results.first {
                    scope.record(StepResult(output: single.output, status: single.status), for: id)
                }
            }
        }
        let header = PlanHeader(
            jobName: spec.name,
            jobPath: jobPath,
            jobHash: try JobFingerprint.hash(of: spec),
            vars: scope.vars.objectValue ?? [:],
            environmentName: environment.name,
            host: environment.host,
            isProduction: environment.isProduction,
            createdAt: now,
            easelVersion: easelVersion
        )
        var plan = Plan(header: header, steps: plannedSteps)
        plan.limitViolations = Self.limitViolations(of: plan, limits: spec.limits)
        let counts = await shared.reads.listings.readCounts
        plan.reads = PlanReads(
            requests: client.readRequests - readsBefore, listings: counts.listings, pages: counts.pages,
            lookups: counts.lookups)
        return plan
    }

    /// What a plan says of a step's items merged into items of earlier steps.
    private static func mergeNotes(_ merged: [String: MergeTarget]) -> [String] {
        merged.sorted { $0.key < $1.key }.map { key, target in
            "item '\(key)' names the same object as \(target.description), with the same fields: merged into "
                + "it (it writes nothing and takes that item's result)"
        }
    }

    private func planItems(
        of step: Step, _ items: [StepItem], scope: RunScope, shared: SharedPlanning, changedSteps: Set<String>,
        merged: [String: (MergeTarget, ItemResult)]
    ) async throws(PlanningError) -> PlannedItems {
        let changedDependency = graph.dependencies[step.id]?.keys.first { changedSteps.contains($0) }
        let defaults = graph.spec.defaults
        let planner = self
        let creations = shared.creations
        let prefetch = await startPrefetch(for: step, items, scope: scope, reads: shared.reads)
        if readsListings {
            await readListings(for: step, items, scope: scope, reads: shared.reads, creations: creations)
        }
        defer { prefetch?.cancel() }
        do {
            let planOne: @Sendable (StepItem) async throws -> Result<ItemPlan, PlanningError> = { item in
                if let (target, result) = merged[item.key] {
                    var planned = PlannedItem(key: item.key, action: .skip(reason: "merged into \(target.description)"))
                    planned.mergedInto = target
                    let taken = ItemResult(
                        key: item.key, input: item.value ?? .null, output: result.output, status: result.status)
                    return .success((planned, taken, nil))
                }
                do {
                    return .success(
                        try await planner.planItem(
                            step, item, scope: scope, defaults: defaults, reads: shared.reads, creations: creations,
                            changedDependency: changedDependency))
                } catch let error as PlanningError where error.concernsOnlyItsItem {
                    return .failure(error)
                }
            }
            let outcomes: [Result<ItemPlan, PlanningError>]
            if case .request(let request) = step.kind, request.method != .GET {
                // A write request is planned without reading Canvas: item after item, without a task each.
                var planned: [Result<ItemPlan, PlanningError>] = []
                planned.reserveCapacity(items.count)
                for item in items { planned.append(try await planOne(item)) }
                outcomes = planned
            } else {
                outcomes = try await items.concurrentMap(width: readParallelism, planOne)
            }
            var problems = outcomes.compactMap { if case .failure(let error) = $0 { error } else { nil } }
            if !problems.isEmpty {
                var first = problems.removeFirst()
                first.others = problems
                throw first
            }
            // One pass into three arrays, so that a long step's results are not copied whole again and again.
            var planned = PlannedItems()
            planned.items.reserveCapacity(outcomes.count)
            planned.results.reserveCapacity(outcomes.count)
            for case .success(let (item, result, creation)) in outcomes {
                planned.items.append(item)
                planned.results.append(result)
                if let creation { planned.creations.append(creation) }
            }
            return planned
        } catch let error as PlanningError {
            throw error
        } catch {
            throw PlanningError(.unexpected(error), stepID: step.id)
        }
    }

    /// For an `ensure` step of many items, starts reading the one listing that can answer all their lookups,
    /// beside the lookups themselves, within a budget of one page per fifty items (so at most 2% more requests
    /// when the listing is too long to finish).
    private func startPrefetch(for step: Step, _ items: [StepItem], scope: RunScope, reads: SharedReads) async
        -> Task<Void, Never>?
    {
        guard items.count >= Self.prefetchThreshold, case .ensure = step.kind else { return nil }
        let ensureItems = items.compactMap { try? step.ensureItem(for: $0, in: scope) }
        guard let kind = ensureItems.first?.0,
            await kind.announcePrefetch(keysOf: ensureItems.map(\.1), reads: reads)
        else { return nil }
        let (client, logger) = (client, logger)
        return Task {
            _ = try? await kind.prefetch(
                keysOf: ensureItems.map(\.1), client: client, logger: logger, reads: reads,
                pageBudget: max(1, items.count / 50))
        }
    }

    /// The fewest items of a step for which a listing is read to answer their lookups.
    static let prefetchThreshold = 20

    private func planItem(
        _ step: Step, _ item: StepItem, scope: RunScope, defaults: JobSpec.Defaults, reads: SharedReads,
        creations: PlannedCreations, changedDependency: String? = nil
    ) async throws -> (PlannedItem, ItemResult, PlannedCreation?) {
        let input = item.value ?? .null
        if let source = graph.dependencies[step.id]?.first(where: { $0.value == .perItem })?.key,
            ItemStatus(ofScopeValue: input) == .skipped
        {
            return (
                PlannedItem(key: item.key, action: .skip(reason: Step.upstreamSkipReason(stepID: source))),
                ItemResult(key: item.key, input: input, output: .null, status: .skipped), nil
            )
        }
        let condition = try step.condition(for: item, in: scope)
        if condition == false {
            let reason = "when: \(step.when?.description ?? "") is false"
            return (
                PlannedItem(key: item.key, action: .skip(reason: reason)),
                ItemResult(key: item.key, input: input, output: .null, status: .skipped), nil
            )
        }
        let pending = condition == nil ? step.when?.description : nil
        let context = CanvasRequestContext.item(item.key, ofStep: step.id)
        switch step.kind {
        case .get, .request:
            guard let request = try step.resolvedRequest(for: item, in: scope, defaults: defaults) else {
                throw PlanningError(.stepHasNoRequest, stepID: step.id, itemKey: item.key)
            }
            let deferral: String? =
                if request.method != "GET" {
                    nil
                } else if request.containsUnknown {
                    "its path depends on a write"
                } else if let created = creations.named(in: request.path) {
                    "it reads \(created), which this plan creates"
                } else if let changedDependency {
                    "it needs step '\(changedDependency)', which has changes"
                } else {
                    nil
                }
            if request.method == "GET", deferral == nil {
                let output = try await read(request, context: context, step: step, item: item)
                return (
                    PlannedItem(
                        key: item.key, action: .read(path: request.path, count: output.arrayValue?.count),
                        pendingCondition: pending
                    ),
                    ItemResult(key: item.key, input: input, output: output, status: .read), nil
                )
            }
            let action: PlannedAction =
                request.method == "GET"
                ? .read(path: request.path, count: nil)
                : .request(method: request.method, path: request.path, query: request.query, body: request.body)
            return (
                PlannedItem(key: item.key, action: action, pendingCondition: pending, readAfterApply: deferral),
                ItemResult(
                    key: item.key, input: input, output: .unknown("response of \(request.line)"),
                    status: request.method == "GET" ? .read : .sent
                ), nil
            )
        case .upload(let upload):
            var (planned, result, creation) = try await planUpload(
                step, upload, item: item, scope: scope, context: context, reads: reads)
            planned.pendingCondition = pending
            return (planned, result, creation)
        case .ensure:
            var (planned, result, creation) = try await planEnsure(
                step, item: item, scope: scope, context: context, reads: reads, creations: creations)
            planned.pendingCondition = pending
            return (planned, result, creation)
        }
    }

    private func read(_ request: ResolvedRequest, context: CanvasRequestContext, step: Step, item: StepItem)
        async throws(PlanningError) -> JSONValue
    {
        do {
            return try await client.getAll(request.canvasRequest(context: context), logger: logger)
        } catch {
            var problem = PlanningError(
                .readFailed(request: request.line, cause: error), stepID: step.id,
                itemKey: step.isFanOut ? item.key : nil)
            problem.concernsOnlyItsItem = step.isFanOut && (error as? CanvasError)?.concernsOnlyItsRequest ?? false
            throw problem
        }
    }

    /// The limits of the job that the plan exceeds, as sentences, counted from its items (a raw `DELETE`
    /// counts as a delete).
    public static func limitViolations(of plan: Plan, limits: JobSpec.Limits) -> [String] {
        var count = LimitCount()
        for step in plan.steps {
            for item in step.items { count.count(item.action) }
        }
        return count.violations(of: limits).map(\.planSentence)
    }
}
