import ArgumentParser
import Execution
import Foundation

/// `easel runs` filters: by job, environment, status and start time.
struct RunFilter: ParsableArguments {
    @Option(
        help: ArgumentHelp("Only runs of this job (its path or file name, with or without .yaml).", valueName: "JOB"))
    var job: String?

    @Option(help: ArgumentHelp("Only runs against this environment (its name or Canvas host).", valueName: "NAME"))
    var env: String?

    @Option(
        help: ArgumentHelp(
            "Only runs with this status (\(RunStatus.allCases.map(\.rawValue).joined(separator: ", "))).",
            valueName: "STATUS"))
    var status: String?

    @Option(
        help: ArgumentHelp(
            "Only runs started since this date (2026-11-25 or 2026-11-25T14:00:00Z) or for this long (36h, 7d).",
            valueName: "WHEN"))
    var since: String?

    /// Whether any filter is set.
    var isActive: Bool { job != nil || env != nil || status != nil || since != nil }

    func validate() throws {
        if let status, RunStatus(rawValue: status) == nil {
            throw ValidationError(
                "--status must be one of \(RunStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(status)'"
            )
        }
        if let since, Self.date(since, now: Date()) == nil {
            throw ValidationError("--since takes a date (2026-11-25, 2026-11-25T14:00:00Z) or a span (36h, 7d)")
        }
    }

    /// Whether `run` passes every filter set.
    func matches(_ run: RunRecord, now: Date = Date()) -> Bool {
        if let job {
            let file = URL(fileURLWithPath: run.jobPath).lastPathComponent
            let stem = URL(fileURLWithPath: run.jobPath).deletingPathExtension().lastPathComponent
            guard [run.jobPath, file, stem].contains(job) else { return false }
        }
        if let env, env != run.environmentName, env != run.environmentHost { return false }
        if let status, RunStatus(rawValue: status) != run.status { return false }
        if let since, let start = Self.date(since, now: now), run.startedAt < start { return false }
        return true
    }

    /// The moment `text` names: an ISO date or date-time, or a span back from `now` in minutes, hours or days.
    static func date(_ text: String, now: Date) -> Date? {
        if let unit = text.last, let amount = Double(text.dropLast()), amount >= 0 {
            let seconds: Double? =
                switch unit {
                case "m": 60
                case "h": 3_600
                case "d": 86_400
                case "w": 604_800
                default: nil
                }
            if let seconds { return now.addingTimeInterval(-amount * seconds) }
        }
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
