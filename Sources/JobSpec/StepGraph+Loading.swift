public import Diagnostics
import Expressions
import OrderedCollections

extension StepGraph {
    /// Reads, decodes, validates and links a job file: the front end every command shares.
    public static func load(path: String, varOverrides: [(String, String)] = []) throws(DiagnosticsError) -> StepGraph {
        let spec = try JobFileDecoder().load(path: path, varOverrides: varOverrides)
        return try StepGraph(spec)
    }
}
