import Foundation
import JSONValues
import OrderedCollections
public import PlanModel
import Resources

/// Renders a plan as text for a person: per step, per item, `+` create, `~` update with `before → after` per
/// changed field, `-` delete, `=` unchanged (counted), raw requests resolved, deletes listed first.
public struct PlanRenderer: Sendable {
    /// The role of a piece of text, for colour on a terminal.
    public enum Style: Sendable {
        case create, update, delete, unchanged, request, heading, muted, warning
    }

    /// Applies a style to text; the identity when colour is off.
    public var style: @Sendable (String, Style) -> String
    /// Whether the summary line ends with the plan's read requests (`; 6 reads`), as `easel plan` prints it.
    public var showsReads = false

    /// Creates a renderer; without `style`, plain text.
    public init(style: @escaping @Sendable (String, Style) -> String = { text, _ in text }) {
        self.style = style
    }

    /// The whole plan as text, ending with the summary line.
    public func render(_ plan: Plan) -> String {
        var text = ""
        render(plan) { text += $0 }
        return text
    }

    /// The plan as text, handed to `write` a part at a time (each part whole lines), so that a plan of 100,000
    /// items is never held as text all at once.
    public func render(_ plan: Plan, to write: (String) -> Void) {
        withoutActuallyEscaping(write) { write in
            var lines = OutputLines(write: write)
            writePlan(plan, to: &lines)
            lines.flush()
        }
    }

    private func writePlan(_ plan: Plan, to lines: inout OutputLines) {
        let header = plan.header
        lines.append(style("Plan for \(header.jobName) (\(header.jobPath))", .heading))
        let production = header.isProduction ? style("PRODUCTION", .warning) : "not production"
        lines.append("Environment: \(header.environmentName) — \(header.host) (\(production))")
        if let legend = Self.legend(for: plan) { lines.append(style(legend, .muted)) }
        // Every delete the summary line counts is listed here, a replacement's too, so the two agree.
        let deletes = plan.steps.flatMap { step in
            step.items.filter { $0.action.isDelete || $0.action.replacesObject }.map { (step.id, $0) }
        }
        if !deletes.isEmpty {
            lines.append("")
            lines.append(style("Deletes (\(deletes.count)):", .delete))
            for (stepID, item) in deletes {
                if case .update(let kind, let id, _) = item.action {
                    lines.append(
                        "  "
                            + style(
                                "-/+ \(kind) \(item.key) (id \(Self.show(id))), deleted once its replacement is made",
                                .delete))
                    lines.append("    " + style("in step \(stepID), with the fields that change", .muted))
                    continue
                }
                lines += itemLines(item, indent: "  ").map { "  " + $0 }
                lines.append("    " + style("in step \(stepID)", .muted))
            }
        }
        for step in plan.steps {
            lines.append("")
            writeStep(step, to: &lines)
        }
        if !plan.limitViolations.isEmpty {
            lines.append("")
            for violation in plan.limitViolations { lines.append(style("error: \(violation)", .warning)) }
        }
        lines.append("")
        let reads = showsReads ? plan.reads.map { "; " + $0.phrase } ?? "" : ""
        lines.append(style(plan.summary.line + reads, .heading))
    }

    private func writeStep(_ step: PlannedStep, to lines: inout OutputLines) {
        var heading = "step \(step.id): \(step.summary)"
        if step.isFanOut { heading += " (\(step.items.count) item\(step.items.count == 1 ? "" : "s"))" }
        if let sisImport = step.sisImport { heading += ", \(sisImport.line)" }
        lines.append(style(heading, .heading))
        for note in step.notes { lines.append("  " + style("note: \(note)", .muted)) }
        if let reason = step.itemsUnknown {
            lines.append("  " + style("items known after apply: \(reason)", .muted))
            return
        }
        var unchanged = 0
        var deletes = 0
        var skipped: [String: Int] = [:]
        for item in step.items {
            switch item.action {
            case .unchanged: unchanged += 1
            case .delete: deletes += 1
            case .skip(let reason): skipped[reason, default: 0] += 1
            default: lines += itemLines(item, indent: "  ").map { "  " + $0 }
            }
        }
        if deletes > 0 { lines.append("  " + style("- \(deletes) to delete (listed above)", .delete)) }
        if unchanged > 0 { lines.append("  " + style("= \(unchanged) unchanged", .unchanged)) }
        for (reason, count) in skipped.sorted(by: { $0.key < $1.key }) {
            lines.append("  " + style("· \(count) skipped (\(reason))", .muted))
        }
    }

    private func itemLines(_ item: PlannedItem, indent: String) -> [String] {
        var lines: [String]
        switch item.action {
        case .read(let path, let count):
            lines = [
                style("GET \(path)", .muted)
                    + (count.map { style(" (\($0) object\($0 == 1 ? "" : "s"))", .muted) } ?? "")
            ]
        case .create(let kind, let fields):
            lines = [style("+ \(kind) \(item.key)", .create)]
            for (field, value) in fields {
                lines.append(indent + "  \(field): \(Self.show(value))" + Self.note(item.notes[field]))
            }
        case .update(let kind, let id, let changes):
            let marker = item.action.replacesObject ? "-/+" : "~"
            lines = [style("\(marker) \(kind) \(item.key) (id \(Self.show(id)))", .update)]
            for change in changes {
                lines.append(
                    indent + "  \(change.field): \(Self.show(change.before)) → \(Self.show(change.after))"
                        + Self.note(item.notes[change.field]))
            }
            let resourceKind = try? ResourceKinds.named(kind)
            if let replaced = changes.first(where: {
                resourceKind?.field(named: $0.field)?.writability == .replacing
            }) {
                lines.append(
                    indent + "  replaced, as Canvas cannot change \(replaced.field) in place: "
                        + "+ a new \(kind) with the new \(replaced.field), then - \(kind) (id \(Self.show(id))) deleted"
                )
            }
        case .delete(let kind, let id, let detail):
            lines = [style("- \(kind) \(item.key) (id \(Self.show(id)))" + (detail.map { ", \($0)" } ?? ""), .delete)]
        case .unchanged(let kind, let id):
            lines = [style("= \(kind) \(item.key) (id \(Self.show(id)))", .unchanged)]
        case .request(let method, let path, let query, let body):
            lines = [style("! \(method) \(path)", .request)]
            if let query, query.objectValue?.isEmpty == false { lines.append(indent + "  query: \(Self.show(query))") }
            if let body { lines.append(indent + "  body: \(Self.show(body))") }
        case .skip(let reason):
            lines = [style("· \(item.key) skipped (\(reason))", .muted)]
        }
        if let reason = item.readAfterApply {
            lines = [style("GET \(readPath(item.action)) (read after apply: \(reason))", .muted)]
        }
        if let condition = item.pendingCondition {
            lines.append(indent + style("  if \(condition) (known after apply)", .muted))
        }
        return lines
    }

    /// What each marker the plan uses means, in one line, as Terraform explains its symbols; nil when the plan
    /// shows no item with a marker.
    static func legend(for plan: Plan) -> String? {
        var used: Set<String> = []
        for step in plan.steps where step.itemsUnknown == nil {
            for item in step.items where item.readAfterApply == nil {
                switch item.action {
                case .create: used.insert("+")
                case .update where item.action.replacesObject: used.insert("-/+")
                case .update: used.insert("~")
                case .delete: used.insert("-")
                case .unchanged: break  // counted as "= N unchanged", which says what it is
                case .request: used.insert("!")
                case .read, .skip: break
                }
            }
        }
        let meanings = markerMeanings.filter { used.contains($0.marker) }
        guard !meanings.isEmpty else { return nil }
        return "Markers: " + meanings.map { "\($0.marker) \($0.meaning)" }.joined(separator: ", ")
    }

    /// The markers, in the order the legend lists them.
    static let markerMeanings: [(marker: String, meaning: String)] = [
        ("+", "create"), ("~", "update"), ("-/+", "replace (create a new one, then delete the old)"),
        ("-", "delete"),
        ("!", "raw request (sent as written; the plan cannot tell what it changes)"),
    ]

    /// A field's note as the plan shows it after the value: ` (2026-12-20 in America/Chicago)`.
    static func note(_ note: String?) -> String {
        note.map { " (\($0))" } ?? ""
    }

    private func readPath(_ action: PlannedAction) -> String {
        if case .read(let path, _) = action { return path }
        return ""
    }

    /// A value as the plan shows it: strings quoted, unknowns as `(known after apply)`, JSON otherwise.
    static func show(_ value: JSONValue) -> String {
        if let reason = value.unknownReason { return "(known after apply: \(reason))" }
        if value.containsUnknown { return showDeep(value) }
        return value.serialized()
    }

    private static func showDeep(_ value: JSONValue) -> String {
        switch value {
        case _ where value.isUnknown: "(known after apply)"
        case .array(let elements): "[" + elements.map(showDeep).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.map { "\"\($0.key)\":\(showDeep($0.value))" }.joined(separator: ",") + "}"
        default: value.serialized()
        }
    }
}

extension PlannedAction {
    var isDelete: Bool {
        if case .delete = self { return true }
        return false
    }
}

/// Lines of text handed on a few thousand at a time, each ended by a newline.
private struct OutputLines {
    let write: (String) -> Void
    private var pending: [String] = []

    init(write: @escaping (String) -> Void) {
        self.write = write
    }

    mutating func append(_ line: String) {
        pending.append(line)
        if pending.count >= 4096 { flush() }
    }

    static func += (lines: inout OutputLines, more: [String]) {
        for line in more { lines.append(line) }
    }

    mutating func flush() {
        guard !pending.isEmpty else { return }
        write(pending.joined(separator: "\n") + "\n")
        pending.removeAll(keepingCapacity: true)
    }
}
