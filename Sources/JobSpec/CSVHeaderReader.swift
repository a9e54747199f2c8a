import Foundation
import OrderedCollections

/// Reads the column names of a CSV file's header row, to check `item.<column>` references before running.
enum CSVHeaderReader {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func columns(ofFileAt path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(description: "cannot open the file")
        }
        defer { try? handle.close() }
        let data = handle.readData(ofLength: 64 * 1024)
        guard var text = String(data: data, encoding: .utf8) ?? String(data: data.dropLast(3), encoding: .utf8) else {
            throw Failure(description: "the file is not UTF-8 text")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return try parseHeader(text)
    }

    /// The first record of CSV text: fields separated by commas, optionally double-quoted.
    static func parseHeader(_ text: String) throws -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pendingQuote = false
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    quoted = false
                    pendingQuote = true
                } else {
                    field.append(character)
                }
                continue
            }
            if pendingQuote && character == "\"" {
                field.append("\"")
                quoted = true
                pendingQuote = false
                continue
            }
            pendingQuote = false
            switch character {
            case "\"": quoted = true
            case ",":
                fields.append(field.trimmingCharacters(in: .whitespaces))
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field.trimmingCharacters(in: .whitespaces))
                return fields
            default: field.append(character)
            }
        }
        if quoted { throw Failure(description: "the header row has an unterminated quote") }
        fields.append(field.trimmingCharacters(in: .whitespaces))
        if fields == [""] { throw Failure(description: "the file is empty; it needs a header row") }
        return fields
    }
}
