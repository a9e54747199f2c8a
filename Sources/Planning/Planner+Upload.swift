import Canvas
import JSONValues
import JobSpec

extension Planner {
    /// Plans one item of an `upload:` step: looks the file up by name where it would go and compares its size with
    /// the local file's.
    func planUpload(
        _ step: Step, _ upload: Step.UploadStep, item: StepItem, scope: RunScope, context: CanvasRequestContext
    ) async throws(PlanningError) -> (PlannedItem, ItemResult, PlannedCreation?) {
        let input = item.value ?? .null
        func problem(_ problem: PlanningProblem) -> PlanningError {
            var error = PlanningError(problem, stepID: step.id, itemKey: step.isFanOut ? item.key : nil)
            error.concernsOnlyItsItem = step.isFanOut && (problem.canvasCause?.concernsOnlyItsRequest ?? true)
            return error
        }
        let target: UploadTarget
        let contents: [UInt8]
        do {
            target = try UploadTarget(upload, item: item.value, scope: scope)
            contents = try target.contents()
        } catch {
            throw problem(error.problem)
        }
        var live: JSONValue?
        if !target.isUnknown {
            do {
                live = try await target.lookup(client: client, logger: logger, context: context)
            } catch {
                throw problem(.readFailed(request: "looking up '\(target.name)' in \(target.endpoint)", cause: error))
            }
        }
        let action = target.action(live: live, contents: contents)
        let status: ItemStatus =
            switch action {
            case .create: .created
            case .update: .updated
            default: .unchanged
            }
        let output = live.flatMap { action.isWrite ? nil : $0 } ?? .unknown("the uploaded file '\(target.name)'")
        return (
            PlannedItem(key: item.key, action: action, before: live),
            ItemResult(key: item.key, input: input, output: output, status: status), nil
        )
    }
}
