import Diagnostics
import Foundation
import JSONValues
import Logging
import OrderedCollections

/// Writes log records as readable lines on standard error or as JSON lines in a file, with every token-shaped
/// text masked, whatever a message or its metadata holds.
struct EaselLogHandler: LogHandler {
    /// Where the records go.
    enum Sink: Sendable {
        case standardError
        case file(LogFile)
    }

    let label: String
    var logLevel: Logger.Level
    let sink: Sink
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, logLevel: Logger.Level, sink: Sink) {
        self.label = label
        self.logLevel = logLevel
        self.sink = sink
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let message = SecretMask.masking(event.message.description)
        let fields = merged.sorted { $0.key < $1.key }.map { ($0.key, SecretMask.masking($0.value.description)) }
        switch sink {
        case .standardError:
            let details = fields.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
            let line = "easel \(event.level): \(message)" + (details.isEmpty ? "" : " [\(details)]")
            FileHandle.standardError.write(Data((line + "\n").utf8))
        case .file(let file):
            var record: OrderedDictionary<String, JSONValue> = [
                "time": .string(Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))),
                "level": .string(event.level.rawValue), "label": .string(label), "message": .string(message),
            ]
            if !fields.isEmpty {
                record["metadata"] = .object(OrderedDictionary(uniqueKeysWithValues: fields.map { ($0, .string($1)) }))
            }
            file.append(JSONValue.object(record).serialized())
        }
    }
}
