import Foundation
public import JSONValues
public import JobSpec
import OrderedCollections
import SwiftCSV

/// Reads a job's input files: a CSV becomes an array of rows (column → string, in header order), a JSON file its
/// value.
public enum JobInputs {
    /// Every input of the job, as the object `inputs` expressions read.
    public static func load(_ spec: JobSpec) throws(PlanningError) -> JSONValue {
        var inputs = OrderedDictionary<String, JSONValue>()
        for (name, input) in spec.inputs {
            inputs[name] = try load(input, named: name)
        }
        return .object(inputs)
    }

    /// One input file.
    public static func load(_ input: JobSpec.InputSpec, named name: String) throws(PlanningError) -> JSONValue {
        let text: String
        do {
            text = try String(contentsOfFile: input.resolvedPath, encoding: .utf8)
        } catch {
            throw PlanningError(
                .inputUnreadable(input: name, path: input.path, reason: error.localizedDescription))
        }
        switch input.format {
        case .csv: return try csvRows(text, inputName: name, path: input.path)
        case .json:
            do {
                return try JSONValue(parsing: text)
            } catch {
                throw PlanningError(.inputNotJSON(input: name, path: input.path, cause: error))
            }
        }
    }

    /// The rows of a CSV text with a header row; a byte-order mark and surrounding spaces in header names are
    /// ignored, as spreadsheet exports have them.
    public static func csvRows(_ text: String, inputName: String, path: String) throws(PlanningError) -> JSONValue {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: body, delimiter: .comma, loadColumns: false)
        } catch {
            throw PlanningError(.inputNotCSV(input: inputName, path: path, cause: error))
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        var rows: [JSONValue] = []
        rows.reserveCapacity(csv.rows.count)
        for (offset, fields) in csv.rows.enumerated() {
            if fields.count == 1, fields[0].isEmpty { continue }
            guard fields.count <= header.count else {
                throw PlanningError(
                    .inputRowTooWide(
                        input: inputName, path: path, row: offset + 2, fields: fields.count, headerFields: header.count)
                )
            }
            var row = OrderedDictionary<String, JSONValue>(minimumCapacity: header.count)
            for (index, column) in header.enumerated() {
                row[column] = .string(index < fields.count ? fields[index] : "")
            }
            rows.append(.object(row))
        }
        return .array(rows)
    }
}
