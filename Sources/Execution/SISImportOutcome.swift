import Canvas
import JSONValues
import Logging

/// How a finished SIS import went, row by row: Canvas's messages keyed by the row they name (the header is row 1),
/// and the messages that concern the whole file.
struct SISImportOutcome: Sendable {
    /// The states an import does not leave.
    static let terminalStates: Set<String> = [
        "imported", "imported_with_messages", "failed", "failed_with_messages", "aborted", "partially_restored",
        "restored",
    ]

    /// The import's id.
    let importID: String
    /// Its final `workflow_state`.
    let state: String
    /// Canvas's messages by row.
    let rowMessages: [Int: [String]]
    /// Messages that name no row (a file Canvas could not read).
    let fileMessages: [String]

    /// Reads the outcome of the finished import `body`: its error list when it reports any error or warning.
    static func read(
        _ body: JSONValue, importID: String, account: String, client: any CanvasBoundary, logger: Logger
    ) async throws -> SISImportOutcome {
        let state = body["workflow_state"]?.stringValue ?? ""
        let counts = body["data"]?["counts"]
        let reported =
            (counts?["error_count"]?.intValue ?? 0) + (counts?["warning_count"]?.intValue ?? 0)
            + (body["processing_errors"]?.arrayValue?.count ?? 0)
            + (body["processing_warnings"]?.arrayValue?.count ?? 0)
        var rowMessages: [Int: [String]] = [:]
        var fileMessages: [String] = []
        if reported > 0 {
            let request = CanvasRequest(
                .get, CanvasPath.apiV1("accounts", account, "sis_imports", importID, "errors"),
                query: ["per_page": 100])
            for error in try await client.getAll(request, unwrapping: "sis_import_errors", logger: logger).arrayValue
                ?? []
            {
                let message = error["message"]?.stringValue ?? "no message"
                if let row = error["row"]?.intValue {
                    rowMessages[row, default: []].append(message)
                } else {
                    fileMessages.append(message)
                }
            }
            if rowMessages.isEmpty && fileMessages.isEmpty {
                for pair in body["processing_errors"]?.arrayValue ?? [] {
                    fileMessages.append(pair.arrayValue?.map(\.interpolated).joined(separator: ": ") ?? "")
                }
            }
        }
        if ["failed", "aborted"].contains(state) && fileMessages.isEmpty {
            fileMessages.append("the import \(state)")
        }
        return SISImportOutcome(importID: importID, state: state, rowMessages: rowMessages, fileMessages: fileMessages)
    }

    /// Why the row at `row` did not take effect, or nil when it did.
    func problem(ofRow row: Int) -> ItemProblem? {
        if let messages = rowMessages[row] {
            return .sisImportRowRejected(importID: importID, row: row, messages: messages)
        }
        if !fileMessages.isEmpty {
            return .sisImportFileRejected(importID: importID, state: state, messages: fileMessages)
        }
        return nil
    }
}
