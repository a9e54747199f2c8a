import Diagnostics
import YAML

extension JobDecoding {
    /// Reads an `ensure` step's `via:` and `batch_size:`; a batch size only has a use with `via: sis_import`.
    mutating func decodeTransport(_ node: YAMLNode, into ensure: inout Step.EnsureStep, kindRange: SourceRange?) {
        ensure.viaRange = kindRange
        if let value = node[StepKey.via.rawValue] {
            ensure.via = enumeration(value, EnsureTransport.self, what: "'via'")
            ensure.viaRange = value.range
        }
        if let value = node[StepKey.batchSize.rawValue] {
            ensure.batchSize = positiveInteger(value, what: "'batch_size'")
            if ensure.via == .api {
                diagnostics.error(
                    "'batch_size' is the number of rows in one SIS import; it has no use with 'via: api'",
                    at: value.range)
            }
        }
    }
}

extension JobSpec {
    /// How an `ensure` step sends its changes: its own `via:`, else the job's `defaults.via`.
    public func transport(of ensure: Step.EnsureStep) -> EnsureTransport {
        ensure.via ?? defaults.via
    }

    /// The rows in one SIS import when `batch_size:` is not given.
    public static let defaultSISBatchSize = 10_000
}
