import JSONValues
public import JobSpec
import Resources

/// What a `via: sis_import` step sends: how many rows, in how many imports, in which files.
public struct SISImportPlan: Sendable, Hashable {
    /// The rows that change Canvas (unchanged items are not sent).
    public var rows: Int
    /// The imports they need, `batch_size` rows each.
    public var batches: Int
    /// The CSV files: `users.csv`.
    public var files: [String]

    /// A summary.
    public init(rows: Int, batches: Int, files: [String]) {
        self.rows = rows
        self.batches = batches
        self.files = files
    }

    /// The summary of `step` with `items`, or nil when the step sends its changes through the API.
    static func of(_ step: Step, items: [PlannedItem], spec: JobSpec) -> SISImportPlan? {
        guard case .ensure(let ensure) = step.kind, spec.transport(of: ensure) == .sisImport,
            let format = SISRowFormat.named(ensure.kind.rawValue)
        else { return nil }
        let rows = items.filter(\.action.isWrite).count
        let size = ensure.batchSize ?? JobSpec.defaultSISBatchSize
        return SISImportPlan(rows: rows, batches: (rows + size - 1) / size, files: [format.file])
    }

    /// How the plan's step header shows it: `via SIS import: 3 rows in 1 batch (users.csv)`.
    public var line: String {
        "via SIS import: \(rows) row\(rows == 1 ? "" : "s") in \(batches) batch\(batches == 1 ? "" : "es") "
            + "(\(files.joined(separator: ", ")))"
    }

    var jsonValue: JSONValue {
        ["rows": .int(rows), "batches": .int(batches), "files": .array(files.map(JSONValue.string))]
    }

    init?(json: JSONValue?) {
        guard let json, let rows = json["rows"]?.intValue, let batches = json["batches"]?.intValue else { return nil }
        self.init(rows: rows, batches: batches, files: (json["files"]?.arrayValue ?? []).compactMap(\.stringValue))
    }
}
