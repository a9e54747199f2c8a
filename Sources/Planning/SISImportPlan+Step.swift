import JobSpec
import PlanModel
import Resources

extension SISImportPlan {
    /// The summary of `step` with `items`, or nil when the step sends its changes through the API.
    static func of(_ step: Step, items: [PlannedItem], spec: JobSpec) -> SISImportPlan? {
        guard case .ensure(let ensure) = step.kind, spec.transport(of: ensure) == .sisImport,
            let format = SISRowFormat.named(ensure.kind.rawValue)
        else { return nil }
        let rows = items.filter(\.action.isWrite).count
        let size = ensure.batchSize ?? JobSpec.defaultSISBatchSize
        return SISImportPlan(rows: rows, batches: (rows + size - 1) / size, files: [format.file])
    }
}
