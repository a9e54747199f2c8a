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

    /// How the plan's step header shows it: `via SIS import: 3 rows in 1 batch (users.csv)`.
    public var line: String {
        "via SIS import: \(rows) row\(rows == 1 ? "" : "s") in \(batches) batch\(batches == 1 ? "" : "es") "
            + "(\(files.joined(separator: ", ")))"
    }
}
