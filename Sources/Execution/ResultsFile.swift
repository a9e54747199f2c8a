public import Foundation

/// The per-item results of a run as CSV (`step,item_key,status,outcome,changed_fields,canvas_id,http_status,error`),
/// to read or to feed a rerun; the changed fields are separated by spaces.
public enum ResultsFile {
    /// The CSV text of `items`.
    public static func csv(_ items: [ItemRecord]) -> String {
        var lines = ["step,item_key,status,outcome,changed_fields,canvas_id,http_status,error"]
        lines.reserveCapacity(items.count + 1)
        for item in items {
            lines.append(
                [
                    item.stepID, item.itemKey, item.state.rawValue, item.outcome?.description ?? "",
                    item.changedFields.joined(separator: " "), item.canvasID ?? "",
                    item.httpStatus.map(String.init) ?? "", item.errorMessage ?? "",
                ].map(CSVField.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Writes the results of `run` from the journal to `url`.
    public static func write(run: RunID, from journal: any JournalStore, to url: URL) async throws {
        // The file has no outputs or before-values: they are not read.
        let items = try await journal.items(run: run, step: nil, states: nil, payloads: false)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try csv(items).write(to: url, atomically: true, encoding: .utf8)
    }
}
