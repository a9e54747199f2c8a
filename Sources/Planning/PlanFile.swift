import Foundation
import JSONValues
public import PlanModel
public import RunContext

/// Saved plans on disk: the plan's JSON, written atomically.
public enum PlanFile {
    /// Writes the plan to `path`.
    public static func write(_ plan: Plan, to path: String) throws(PlanningError) {
        var text = plan.prettyPrintedJSON
        text += "\n"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlanningError(.planFileUnwritable(path: path, reason: error.localizedDescription))
        }
    }

    /// Reads a plan saved by `write`.
    public static func read(from path: String) throws(PlanningError) -> Plan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PlanningError(.planFileUnreadable(path: path))
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            throw PlanningError(.notAPlanFile(path: path, cause: error))
        }
        return try Plan(json: json.restoringUnknowns)
    }

    /// Whether a file looks like a saved plan rather than a job file (it is JSON with `format_version`).
    public static func isPlanFile(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), data.first == UInt8(ascii: "{") else {
            return false
        }
        return (try? JSONValue(parsing: data))?["format_version"] != nil
    }
}
