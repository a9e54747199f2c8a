import JSONValues
import OrderedCollections

/// Writes the rows of one SIS import file: a header naming every column any row fills, then one row per item,
/// quoted as RFC 4180 asks.
public struct SISCSVWriter: Sendable {
    let format: SISRowFormat
    let rows: [(EnsureItem, EnsurePlan)]

    /// A writer of `rows`, each an item as the job wrote it (its SIS ids) and its plan.
    public init(format: SISRowFormat, rows: [(EnsureItem, EnsurePlan)]) {
        self.format = format
        self.rows = rows
    }

    /// The header the rows need.
    public var header: [String] {
        var fields: Set<String> = []
        var parents: Set<String> = []
        for (item, plan) in rows {
            fields.formUnion(item.set.keys)
            if case .create = plan.action { fields.formUnion(item.create.keys) }
            let parent = item.parent?.stringValue ?? "self"
            if parent == "self", let root = format.rootColumn {
                parents.insert(root)
            } else if let column = format.parentColumns.first(where: { parent.hasPrefix($0.key + ":") })?.value {
                parents.insert(column)
            }
        }
        return format.header(forFields: fields, parents: parents)
    }

    /// The file's text; throws for the first item that cannot be a row.
    public func text() throws(SISRowProblem) -> String {
        let header = header
        var lines = [header.map(Self.quoted).joined(separator: ",")]
        for (item, plan) in rows {
            let cells = try format.row(for: item, action: plan.action, live: plan.live, header: header)
            lines.append(cells.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A cell, quoted when it holds a comma, a quote or a line break.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacing("\"", with: "\"\"") + "\""
    }
}
