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
        try Self.valid(loadKeepingProblems(path: path, varOverrides: varOverrides))
    }

    /// Reads and decodes the job file at `path`, also when it has errors: the job as far as it decodes (nil when
    /// the file cannot be read or parsed), and every problem found, sorted by position. Later checks can then
    /// add their problems to the same report.
    public func loadKeepingProblems(path: String, varOverrides: [(String, String)] = []) -> (
        spec: JobSpec?, problems: [Diagnostic]
    ) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            return (nil, [.error("cannot read job file: \(Self.describe(error))", file: path)])
        }
        return decodeKeepingProblems(SourceFile(path: path, text: text), varOverrides: varOverrides)
    }

    /// Decodes a job file's text; paths in it are relative to `baseDirectory`, by default the file's folder.
    public func decode(
        _ source: SourceFile,
        baseDirectory: String? = nil,
        varOverrides: [(String, String)] = []
    ) throws(DiagnosticsError) -> JobSpec {
        try Self.valid(decodeKeepingProblems(source, baseDirectory: baseDirectory, varOverrides: varOverrides))
    }

    /// Decodes a job file's text, also when it has errors, as `loadKeepingProblems` does.
    public func decodeKeepingProblems(
        _ source: SourceFile,
        baseDirectory: String? = nil,
        varOverrides: [(String, String)] = []
    ) -> (spec: JobSpec?, problems: [Diagnostic]) {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(source)
        } catch {
            return (nil, error.diagnostics)
        }
        var decoding = JobDecoding(source: source, baseDirectory: baseDirectory)
        guard let root else {
            return (nil, [.error("the job file is empty", file: source.path)])
        }
        let spec = decoding.decodeJob(root, varOverrides: varOverrides)
        return (spec, decoding.diagnostics.sorted)
    }

    /// The job, if it decoded without errors; else every problem.
    private static func valid(_ decoded: (spec: JobSpec?, problems: [Diagnostic])) throws(DiagnosticsError)
        -> JobSpec
    {
        if let spec = decoded.spec, !decoded.problems.contains(where: { $0.severity == .error }) { return spec }
        throw DiagnosticsError(decoded.problems)
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
