import Execution
import Foundation
import JSONValues
import Rainbow

/// How `easel runs` and `easel show` write runs, items and counts, as text and as JSON.
struct RunFormatting {
    /// Whether to colour statuses (only on a terminal).
    var colored: Bool

    /// A date as local time for a table, such as `2026-11-25 15:23:01`.
    func localTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    /// A date in ISO 8601 with its zone offset, for JSON.
    static func isoTime(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A duration such as `850ms`, `42s`, `3m07s` or `2h05m`; `-` while the run is going.
    func duration(of run: RunRecord) -> String {
        guard let seconds = run.duration else { return "-" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m" + twoDigits(whole % 60) + "s" }
        return "\(whole / 3600)h" + twoDigits(whole / 60 % 60) + "m"
    }

    /// The non-zero counts of a summary in state order, such as `120 confirmed, 3 failed`.
    func counts(_ counts: [ItemState: Int]) -> String {
        let parts = ItemState.allCases.compactMap { state in
            counts[state].flatMap { $0 > 0 ? "\($0) \(label(state))" : nil }
        }
        return parts.isEmpty ? "no items" : parts.joined(separator: ", ")
    }

    /// A state as people read it (`in doubt` rather than `in_doubt`).
    func label(_ state: ItemState) -> String {
        state == .inDoubt ? "in doubt" : state.rawValue
    }

    /// `text` padded to `width`, then coloured as `status` (padding first, so colour codes do not break columns).
    func status(_ status: RunStatus, width: Int = 0) -> String {
        let padded = status.rawValue.padding(toLength: max(width, status.rawValue.count), withPad: " ", startingAt: 0)
        guard colored else { return padded }
        switch status {
        case .running: return padded.cyan
        case .succeeded: return padded.green
        case .failed: return padded.red
        case .interrupted: return padded.yellow
        }
    }

    /// Rows as columns separated by two spaces, each as wide as its widest cell; `style` may colour a padded cell.
    func table(
        _ rows: [[String]], style: (_ row: Int, _ column: Int, _ padded: String) -> String = { $2 }
    ) -> String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (column, cell) in row.enumerated() {
                if column < widths.count {
                    widths[column] = max(widths[column], cell.count)
                } else {
                    widths.append(cell.count)
                }
            }
        }
        return rows.enumerated().map { index, row in
            row.enumerated().map { column, cell in
                let isLast = column == row.count - 1
                let padded = isLast ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                return style(index, column, padded)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// A run as JSON: its record and its counts per state.
    static func json(_ run: RunRecord, counts: [ItemState: Int]) -> JSONValue {
        [
            "id": .string(run.id.rawValue),
            "job": .string(run.jobPath),
            "job_sha256": .string(run.jobHash),
            "variables": .object(run.variables),
            "environment": [
                "name": .string(run.environmentName), "host": .string(run.environmentHost),
                "production": .bool(run.isProduction),
            ],
            "status": .string(run.status.rawValue),
            "started_at": .string(isoTime(run.startedAt)),
            "finished_at": run.finishedAt.map { .string(isoTime($0)) } ?? .null,
            "duration_seconds": run.duration.map { .double($0) } ?? .null,
            "counts": json(counts),
        ]
    }

    /// Counts per state as a JSON object with every state, in state order.
    static func json(_ counts: [ItemState: Int]) -> JSONValue {
        [
            "intent": .int(counts[.intent] ?? 0), "sent": .int(counts[.sent] ?? 0),
            "answered": .int(counts[.answered] ?? 0), "refused": .int(counts[.refused] ?? 0),
            "confirmed": .int(counts[.confirmed] ?? 0), "failed": .int(counts[.failed] ?? 0),
            "in_doubt": .int(counts[.inDoubt] ?? 0), "skipped": .int(counts[.skipped] ?? 0),
        ]
    }

    private func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : "\(number)"
    }
}
