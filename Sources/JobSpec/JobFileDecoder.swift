public import Diagnostics
import Expressions
import Foundation
import JSONValues
import OrderedCollections
public import YAML

/// Turns a job file into a validated `JobSpec`, or into every problem the file has, each with its position.
public struct JobFileDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Reads and decodes the job file at `path` (shown in diagnostics as given).
    public func load(path: String, varOverrides: [(String, String)] = []) throws(DiagnosticsError) -> JobSpec {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DiagnosticsError([.error("cannot read job file: \(Self.describe(error))", file: path)])
        }
        return try decode(SourceFile(path: path, text: text), varOverrides: varOverrides)
    }

    /// Decodes a job file's text; paths in it are relative to `baseDirectory`, by default the file's folder.
    public func decode(
        _ source: SourceFile,
        baseDirectory: String? = nil,
        varOverrides: [(String, String)] = []
    ) throws(DiagnosticsError) -> JobSpec {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(source)
        } catch {
            throw error
        }
        var decoding = JobDecoding(source: source, baseDirectory: baseDirectory)
        guard let root else {
            throw DiagnosticsError([.error("the job file is empty", file: source.path)])
        }
        let spec = decoding.decodeJob(root, varOverrides: varOverrides)
        if let spec, !decoding.diagnostics.hasErrors {
            return spec
        }
        throw DiagnosticsError(decoding.diagnostics.sorted)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? CocoaError, error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            return "no such file"
        }
        if let error = error as? CocoaError, error.code == .fileReadInapplicableStringEncoding {
            return "the file is not UTF-8 text"
        }
        return (error as NSError).localizedDescription
    }
}
