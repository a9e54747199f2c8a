public import Foundation

/// The per-item results of a run as CSV (`step,item_key,status,outcome,changed_fields,canvas_id,http_status,error`),
/// to read or to feed a rerun; the changed fields are separated by spaces.
public enum ResultsFile {
    /// The CSV text of `items`.
    public static func csv(_ items: [ItemRecord]) -> String {
        var text = "step,item_key,status,outcome,changed_fields,canvas_id,http_status,error\n"
        text.reserveCapacity(items.count * 64)
        for item in items {
            CSVField.append(item.stepID, to: &text)
            text += ","
            CSVField.append(item.itemKey, to: &text)
            text += ","
            text += item.state.rawValue
            text += ","
            text += item.outcome?.description ?? ""
            text += ","
            CSVField.append(item.changedFields.joined(separator: " "), to: &text)
            text += ","
            CSVField.append(item.canvasID ?? "", to: &text)
            text += ","
            if let status = item.httpStatus { text += String(status) }
            text += ","
            CSVField.append(item.errorMessage ?? "", to: &text)
            text += "\n"
        }
        return text
    }

    /// Writes the results of `run` from the journal to `url`.
    public static func write(run: RunID, from journal: any JournalStore, to url: URL) async throws {
        // The file has no outputs or before-values: they are not read.
        let items = try await journal.items(run: run, step: nil, states: nil, payloads: false)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try csv(items).write(to: url, atomically: true, encoding: .utf8)
    }
}
