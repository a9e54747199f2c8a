import Canvas
import Foundation
import JSONValues
import JobSpec
import Logging
import PlanModel
import RunContext

/// A raw `request:` write of one item: sent as the job wrote it, checked by its `verify:` read when it has one,
/// and followed to the end of the Canvas job it starts (`wait:`).
struct RawWrite: ItemWrite {
    let request: ResolvedRequest
    let spec: Step.RequestStep
    /// The item the request is sent for (`item` in the step's expressions), kept for `easel undo`.
    let itemValue: JSONValue?
    /// The step's `verify:` read for this item, when it has one.
    let verifyRead: VerifyRead?
    /// What an earlier attempt of this run journaled for the item.
    let earlier: ItemRecord?
    let client: any CanvasBoundary
    let logger: Logger

    private(set) var output: JSONValue
    private(set) var httpStatus: Int?
    private(set) var problem = WriteProblem()

    /// A write of `request`; what Canvas answered an earlier attempt stands when it was journaled.
    init(
        request: ResolvedRequest, spec: Step.RequestStep, itemValue: JSONValue?, verifyRead: VerifyRead?,
        earlier: ItemRecord?, client: any CanvasBoundary, logger: Logger
    ) {
        self.request = request
        self.spec = spec
        self.itemValue = itemValue
        self.verifyRead = verifyRead
        self.earlier = earlier
        self.client = client
        self.logger = logger
        output = earlier?.state == .answered ? earlier?.outputs ?? .null : .null
        httpStatus = earlier?.state == .answered ? earlier?.httpStatus : nil
    }

    func lifecycle(inDoubtPolicy: Executor.InDoubtPolicy) -> ItemLifecycle {
        ItemLifecycle(
            check: spec.verify == nil ? .none : .lookup, waits: spec.wait != nil, inDoubtPolicy: inDoubtPolicy)
    }

    var action: ItemAction { .request }
    var targetID: String? { nil }
    var counted: CountedWrite { request.method == "DELETE" ? .delete : .change }

    mutating func lookUp() async throws -> ItemLifecycle.Event {
        guard let verifyRead else { return .lookup(.failed) }
        do {
            guard let found = try await verifyRead.find() else { return .lookup(.notFound) }
            output = found
            return .lookup(.found)
        } catch {
            problem = WriteProblem(
                .lookupFailed(.request(request.line), cause: ItemProblem(error)), status: earlier?.httpStatus)
            return .lookup(.failed)
        }
    }

    mutating func send(context: CanvasRequestContext) async throws -> ItemLifecycle.SendResult {
        var canvasRequest = request.canvasRequest(context: context)
        if let verifyRead {
            canvasRequest.retrySafety = .nonIdempotent
            canvasRequest.verify = { try await verifyRead.find() }
        }
        do {
            let response = try await client.send(canvasRequest, logger: logger)
            httpStatus = response.status
            // The write happened whatever its body says: an answer that is not JSON is kept as text.
            output =
                response.body.isEmpty
                ? .null : (try? response.json()) ?? .string(String(decoding: response.body, as: UTF8.self))
            return .answered
        } catch let error as CanvasError {
            problem = WriteProblem(error)
            if case .inDoubt = error.kind { return .inDoubt }
            return .failed
        }
    }

    mutating func waitForJob() async throws -> ItemLifecycle.WaitResult {
        let jobs = CanvasJobWait(client: client, logger: logger)
        do {
            switch spec.wait {
            case .progress?: output = try await jobs.waitForProgress(named: output)
            case .sisImport?: output = try await jobs.waitForSISImport(output, path: request.path)
            case nil: break
            }
            return .finished
        } catch {
            problem = WriteProblem(
                .jobUnfinished(request: request.line, status: httpStatus, cause: ItemProblem(error)), status: httpStatus
            )
            return .failed
        }
    }

    func confirmation(_ source: ItemLifecycle.Confirmation) -> ConfirmedWrite {
        switch source {
        case .restored, .answer, .unchanged:
            ConfirmedWrite(
                output: output, action: .request, status: .sent, httpStatus: httpStatus,
                beforeValues: BeforeValues.request(request, item: itemValue, answer: output))
        case .found:
            ConfirmedWrite(
                output: output, action: .request, status: .sent, httpStatus: earlier?.httpStatus,
                beforeValues: BeforeValues.request(request, item: itemValue, answer: output))
        case .assumed:
            ConfirmedWrite(
                output: .null, action: .request, status: .sent, httpStatus: nil,
                beforeValues: BeforeValues.request(request, item: itemValue, answer: .null))
        }
    }

    var inDoubtWithoutLookup: ItemFailure {
        ItemFailure(state: .inDoubt, .noLookup(.request(request.line)), status: earlier?.httpStatus)
    }
}
