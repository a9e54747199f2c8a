import Canvas
import JSONValues
import JobSpec
import Logging
import OrderedCollections
import PlanModel
import Resources
import RunContext

/// An `upload:` write of one item: a lookup of the file by name in the folder it goes in chooses a new upload (`+`), a
/// replacement (`~`, another size) or nothing (`=`); the same lookup, made again after an earlier attempt, tells
/// whether that attempt's upload took effect, so a file is never uploaded twice.
struct UploadWrite: ItemWrite {
    let target: UploadTarget
    /// What an earlier attempt of this run journaled for the item.
    let earlier: ItemRecord?
    /// What the write must still match of the reviewed plan.
    let review: ReviewedPlanCheck
    let client: any CanvasBoundary
    let logger: Logger
    /// The context of the item's reads.
    let context: CanvasRequestContext
    /// The run's shared reads, through which the items uploading into one folder read it once.
    let reads: SharedReads

    /// The file Canvas has under the target's name, as last looked up.
    private(set) var live: JSONValue?
    /// What uploading would do, once looked up.
    private(set) var planned: PlannedAction?
    private var contents: [UInt8] = []
    private(set) var output: JSONValue = .null
    private(set) var httpStatus: Int?
    private(set) var problem = WriteProblem()

    init(
        target: UploadTarget, earlier: ItemRecord?, review: ReviewedPlanCheck, client: any CanvasBoundary,
        logger: Logger, context: CanvasRequestContext, reads: SharedReads
    ) {
        self.target = target
        self.earlier = earlier
        self.review = review
        self.client = client
        self.logger = logger
        self.context = context
        self.reads = reads
    }

    func lifecycle(inDoubtPolicy: Executor.InDoubtPolicy) -> ItemLifecycle {
        ItemLifecycle(ensureWith: inDoubtPolicy)
    }

    var action: ItemAction {
        switch planned {
        case .create?: .create
        case .update?: .update
        default: .none
        }
    }

    var targetID: String? { live?["id"]?.interpolated }

    var counted: CountedWrite { .change }

    mutating func read() async throws -> ItemLifecycle.Event {
        try await diff(lookingUpEarlierWrite: false)
    }

    mutating func lookUp() async throws -> ItemLifecycle.Event {
        try await diff(lookingUpEarlierWrite: true)
    }

    /// Reads the local file, looks the Canvas file up, and checks the result against the reviewed plan.
    private mutating func diff(lookingUpEarlierWrite: Bool) async throws -> ItemLifecycle.Event {
        contents = try target.contents()
        do {
            live = try await target.lookup(client: client, logger: logger, context: context, reads: reads).file
        } catch let error as CanvasError {
            problem =
                lookingUpEarlierWrite
                ? WriteProblem(.lookupFailed(.upload(name: target.name), cause: .canvas(error)), status: error.status)
                : WriteProblem(error)
            return .diffed(.failed)
        }
        let action = target.action(live: live, contents: contents)
        planned = action
        try review.check(action)
        return .diffed(action.isWrite ? .write : .nothingToWrite)
    }

    mutating func send(context: CanvasRequestContext) async throws -> ItemLifecycle.SendResult {
        do {
            let file = CanvasUploadFile(name: target.name, contentType: target.contentType, data: contents)
            output = try await client.upload(
                file, to: target.endpoint, parameters: target.preflightParameters, context: context, logger: logger)
            httpStatus = 200
            return .answered
        } catch let error as CanvasError {
            problem = WriteProblem(error)
            if case .inDoubt = error.kind { return .inDoubt }
            return .failed
        }
    }

    /// Whether an earlier attempt's upload, whose answer was lost, took effect: the file is there now, its size
    /// the local file's.
    private var earlierUploadTookEffect: Bool {
        live != nil && earlier.map { [.create, .update].contains($0.action) && $0.state.isUnsettled } == true
    }

    func confirmation(_ source: ItemLifecycle.Confirmation) -> ConfirmedWrite {
        guard source != .restored else { return .restored(from: earlier) }
        switch source {
        case .answer:
            let action = self.action
            return ConfirmedWrite(
                output: output, action: action, status: action == .create ? .created : .updated,
                httpStatus: httpStatus, beforeValues: beforeValues(answer: output),
                outcome: action == .create ? .created : .updated, changedFields: action == .create ? [] : ["size"])
        default:
            let found = live ?? .null
            if earlierUploadTookEffect, let earlierAction = earlier?.action {
                return ConfirmedWrite(
                    output: found, action: earlierAction, status: earlierAction == .create ? .created : .updated,
                    httpStatus: nil, beforeValues: beforeValues(answer: found))
            }
            return ConfirmedWrite(output: found, action: .none, status: .unchanged, httpStatus: 200)
        }
    }

    /// What undo reads of an upload: that it was one, and the file Canvas made.
    private func beforeValues(answer: JSONValue?) -> JSONValue {
        var record: OrderedDictionary<String, JSONValue> = [
            "kind": .string(UploadTarget.kindName), "action": .string(action.rawValue),
        ]
        if let id = answer?["id"] { record["member"] = .string("/api/v1/files/\(id.interpolated)") }
        if let size = live?["size"] { record["fields"] = ["size": size] }
        return .object(record)
    }

    var intentBeforeValues: JSONValue? { beforeValues(answer: nil) }

    var inDoubtWithoutLookup: ItemFailure {
        ItemFailure(state: .inDoubt, .noLookup(.upload(name: target.name)), status: earlier?.httpStatus)
    }
}

extension ItemExecution {
    func uploadWrite(_ upload: Step.UploadStep) throws -> UploadWrite {
        UploadWrite(
            target: try UploadTarget(upload, item: item.value, scope: runner.scope), earlier: earlier,
            review: ReviewedPlanCheck(reviewed: executor.reviewedItems[step.id], itemKey: item.key),
            client: executor.client, logger: executor.logger, context: context, reads: executor.sharedReads)
    }
}
