import Foundation
import JSONValues

/// How SIS imports run: one at a time per account, the others waiting as `created`; rows applied at
/// `sisRowsPerSecond` as time passes, so their effects show while the import runs; progress as the share of rows
/// applied, 100 only at the end (SIS-IMPORTS.md 1.2).
extension SandboxStore {
    /// The order Canvas applies file types in, whatever the files' order (SIS-IMPORTS.md 2.1).
    static let sisKindOrder = ["account", "term", "course", "section", "user", "enrollment"]

    /// The rows of `files` in Canvas's order of types, and the failure-level messages of files it cannot read.
    func pendingRows(of files: [SISFile]) -> ([SISPendingRow], [SISMessage]) {
        var rows: [SISPendingRow] = []
        var messages: [SISMessage] = []
        for file in files {
            guard let kind = Self.sisKind(file) else {
                messages.append(
                    SISMessage(
                        file: file.name, message: "Couldn't find Canvas CSV import headers", row: nil, failure: true))
                continue
            }
            for (index, cells) in SISCSV.records(file.text).enumerated() {
                rows.append(SISPendingRow(file: file.name, kind: kind, row: index + 2, cells: cells))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: Self.sisKindOrder.enumerated().map { ($1, $0) })
        let sorted = rows.enumerated().sorted { left, right in
            let (a, b) = (order[left.element.kind] ?? 99, order[right.element.kind] ?? 99)
            return a == b ? left.offset < right.offset : a < b
        }.map(\.element)
        return (sorted, messages)
    }

    /// Applies the rows every running import is due to have applied by now, and starts the next import of an
    /// account when one ends.
    func advanceSISImports() {
        let now = now
        var busy: Set<Int> = []
        // When an account's import ended in this pass: the next one starts then, not at the next request.
        var freedAt: [Int: Double] = [:]
        var cache: SISLookupCache?
        for id in state.sisImports.keys.sorted() {
            guard var record = state.sisImports[id], ["created", "importing"].contains(record.workflowState),
                !busy.contains(record.accountID)
            else { continue }
            busy.insert(record.accountID)
            if record.rows == nil {
                let (rows, messages) = pendingRows(of: record.files)
                record.rows = rows
                record.messages = messages
            }
            let rows = record.rows ?? []
            // An import starts when it was made, or when the account's previous import ended in this pass; time
            // that passed while no sandbox ran counts too, as it does for Canvas's own jobs.
            let start =
                record.processingStartedAt ?? max(freedAt[record.accountID] ?? record.startedAt, record.startedAt)
            record.processingStartedAt = start
            record.workflowState = "importing"
            let due = min(rows.count, Int(((now - start) * configuration.sisRowsPerSecond).rounded(.down)))
            var applied = record.appliedRows ?? 0
            if applied < due {
                if cache == nil { cache = SISLookupCache(state: state) }
                let overrides = record.overrideStickiness == true
                while applied < due {
                    let row = rows[applied]
                    if case .skipped(let message) = applySISRow(row, overrideStickiness: overrides, cache: &cache!) {
                        record.messages =
                            (record.messages ?? [])
                            + [SISMessage(file: row.file, message: message, row: row.row, failure: false)]
                    } else {
                        record.counts["\(row.kind)s", default: 0] += 1
                    }
                    applied += 1
                }
            }
            record.appliedRows = applied
            record.progress = rows.isEmpty ? 99 : min(99, applied * 100 / rows.count)
            record.updatedAt = timestamp
            if applied >= rows.count {
                finish(&record)
                busy.remove(record.accountID)
                freedAt[record.accountID] = start + Double(rows.count) / configuration.sisRowsPerSecond
                state.sisImports[id] = record
                save()
                continue
            }
            state.sisImports[id] = record
        }
    }

    private func finish(_ record: inout SISImportRecord) {
        let messages = record.messages ?? []
        let failures = messages.filter(\.failure)
        let warnings = messages.filter { !$0.failure }
        record.counts["warning_count"] = warnings.count
        record.counts["error_count"] = failures.count
        record.warnings = Self.firstPairs(warnings, noun: "warnings")
        record.errors = Self.firstPairs(failures, noun: "errors")
        record.rows = []
        record.progress = 100
        record.endedAt = timestamp
        if !failures.isEmpty {
            record.workflowState = "failed_with_messages"
        } else {
            record.workflowState = warnings.isEmpty ? "imported" : "imported_with_messages"
        }
    }

    /// `processing_errors` or `processing_warnings`: the first 24 pairs, then a pair saying how many more.
    private static func firstPairs(_ messages: [SISMessage], noun: String) -> [[String]] {
        var pairs = messages.prefix(24).map { [$0.file, $0.message] }
        if messages.count > 24 {
            pairs.append([
                "and \(messages.count - 24) more \(noun) that were not included",
                "Download the error file to see all \(noun).",
            ])
        }
        return pairs
    }

    /// `GET /api/v1/accounts/:account_id/sis_imports/:id/errors`: every message with its row.
    func listSISImportErrors(_ call: APICall) throws -> APIResponse {
        try requireAdmin(call)
        let account = try findAccount(call.path("account_id"))
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("import_id")),
            let record = state.sisImports[id], record.accountID == account.id
        else { throw CanvasAPIError.notFound }
        let failuresOnly = call.parameters.bool("failure") == true
        let messages = (record.messages ?? []).filter { !failuresOnly || $0.failure }
        var response = try paginate(messages, call) { message in
            [
                "sis_import_id": .int(record.id), "file": .string(message.file), "message": .string(message.message),
                "row_info": .null, "row": message.row.map(JSONValue.int) ?? .null,
            ]
        }
        response.json = ["sis_import_errors": response.json ?? []]
        return response
    }
}

/// The SIS ids of logins, courses and sections, indexed while rows are applied.
struct SISLookupCache {
    var logins: [String: Int]
    var sections: [String: Int]

    init(state: SandboxState) {
        logins = [:]
        for login in state.logins.values {
            if let sis = login.sisUserID { logins[sis] = login.id }
        }
        sections = [:]
        for section in state.sections.values {
            if let sis = section.sisSectionID { sections[sis] = section.id }
        }
    }
}
