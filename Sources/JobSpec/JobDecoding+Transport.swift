import Diagnostics
import YAML

extension JobDecoding {
    /// An `ensure` step's `via:` (and where it is said, else where the kind is) and `batch_size:`.
    struct Transport {
        var via: EnsureTransport?
        var viaRange: SourceRange?
        var batchSize: Int?
    }

    /// Reads an `ensure` step's `via:` and `batch_size:`; a batch size only has a use with `via: sis_import`.
    mutating func decodeTransport(_ node: YAMLNode, kindRange: SourceRange?) -> Transport {
        var transport = Transport(viaRange: kindRange)
        if let value = node[StepKey.via.rawValue] {
            transport.via = enumeration(value, EnsureTransport.self, what: "'via'")
            transport.viaRange = value.range
        }
        if let value = node[StepKey.batchSize.rawValue] {
            transport.batchSize = positiveInteger(value, what: "'batch_size'")
            if transport.via == .api {
                diagnostics.error(
                    "'batch_size' is the number of rows in one SIS import; it has no use with 'via: api'",
                    at: value.range)
            }
        }
        return transport
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
