import Canvas
import JSONValues
import JobSpec
import PlanModel
import Resources
import RunContext

extension Planner {
    /// Plans one item of an `upload:` step: looks the file up by name in the folder it would go in (a folder
    /// read once per plan, whatever the number of items uploading into it) and compares its size with the local
    /// file's.
    func planUpload(
        _ step: Step, _ upload: Step.UploadStep, item: StepItem, scope: RunScope, context: CanvasRequestContext,
        reads: SharedReads
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
        var folderExists = true
        if !target.isUnknown {
            do {
                let found = try await target.lookup(client: client, logger: logger, context: context, reads: reads)
                (live, folderExists) = (found.file, found.folderExists)
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
        var planned = PlannedItem(key: item.key, action: action, before: live)
        if !folderExists { planned.notes["folder"] = "a new folder, which Canvas creates with the file" }
        return (
            planned,
            ItemResult(key: item.key, input: input, output: output, status: status), nil
        )
    }
}
