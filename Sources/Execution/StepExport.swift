import Foundation
import JSONValues
import JobSpec
import OrderedCollections
import RunContext

/// Writes a step's results where its `export:` says: a `get`'s result, or a fan-out's outputs, as JSON or CSV.
struct StepExport {
    let export: Step.Export
    let url: URL

    /// An export of `export` to `url`, resolved and checked by ``ExportLocation``.
    init(_ export: Step.Export, url: URL) {
        self.export = export
        self.url = url
    }

    /// The rows a result gives: the elements of a list, a fan-out's outputs (lists flattened one level).
    static func rows(of result: StepResult, isFanOut: Bool) -> [JSONValue] {
        if isFanOut {
            return (result.items ?? []).filter(\.status.hasOutput)
                .flatMap { $0.output.arrayValue ?? [$0.output] }
        }
        return result.output.arrayValue ?? [result.output]
    }

    /// Writes the file, creating its folder.
    func write(_ result: StepResult, isFanOut: Bool) throws {
        let rows = Self.rows(of: result, isFanOut: isFanOut)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let text: String
        switch export.format {
        case .json: text = JSONValue.array(rows).serialized(options: [.prettyPrinted]) + "\n"
        case .csv: text = Self.csv(rows, columns: export.columns)
        }
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// CSV with a header row; each column a dotted path into a row, nested values written as JSON.
    static func csv(_ rows: [JSONValue], columns: [String]?) -> String {
        let columns = columns ?? rows.first?.objectValue.map { Array($0.keys) } ?? []
        var lines = [columns.map(CSVField.escape).joined(separator: ",")]
        for row in rows {
            let fields = columns.map { column -> String in
                var value: JSONValue? = row
                for component in column.split(separator: ".") {
                    if let index = Int(component), let elements = value?.arrayValue {
                        value = elements.indices.contains(index) ? elements[index] : nil
                    } else {
                        value = value?[String(component)]
                    }
                }
                switch value {
                case nil, .null?: return ""
                case .string(let text)?: return CSVField.escape(text)
                case let other?: return CSVField.escape(other.interpolated)
                }
            }
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// RFC 4180 quoting.
enum CSVField {
    /// The field quoted when it holds a comma, quote or line break.
    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Appends the field, quoted as `escape` quotes it, to `line`.
    static func append(_ text: String, to line: inout String) {
        if text.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            line += escape(text)
        } else {
            line += text
        }
    }
}
