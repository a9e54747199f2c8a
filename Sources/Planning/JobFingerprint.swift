import Crypto
import Diagnostics
import Foundation
public import JobSpec
import OrderedCollections

/// The identity of a job's content: SHA-256 over the job file and each input file, so a plan or a run can tell
/// when the job it was made from has changed.
public enum JobFingerprint {
    /// The hex digest of the job file and its inputs, in the order the job declares them.
    public static func hash(of spec: JobSpec) throws(PlanningError) -> String {
        try combinedHash(of: spec)
    }

    /// The hex digest of each input file, by input name.
    public static func inputHashes(of spec: JobSpec) throws(PlanningError) -> [String: String] {
        var hashes: [String: String] = [:]
        for (name, input) in spec.inputs {
            guard let data = FileManager.default.contents(atPath: input.resolvedPath) else {
                throw PlanningError(.inputUnreadable(input: name, path: input.path, reason: nil))
            }
            hashes[name] = hex(SHA256.hash(data: data))
        }
        return hashes
    }

    /// What differs between a job as it was (its text and input hashes) and as it is now, as sentences.
    public static func changes(
        fromText oldText: String, inputHashes oldInputs: [String: String], to spec: JobSpec
    ) throws(PlanningError) -> [String] {
        var changes: [String] = []
        let oldLines = oldText.split(separator: "\n", omittingEmptySubsequences: false)
        let newLines = spec.source.text.split(separator: "\n", omittingEmptySubsequences: false)
        if let line = zip(oldLines, newLines).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            changes.append(
                "the job file differs from line \(line + 1): now `\(newLines[line].trimmingCharacters(in: .whitespaces))`, was `\(oldLines[line].trimmingCharacters(in: .whitespaces))`"
            )
        } else if oldLines.count != newLines.count {
            changes.append("the job file now has \(newLines.count) lines, it had \(oldLines.count)")
        }
        let newInputs = try inputHashes(of: spec)
        for name in Set(oldInputs.keys).union(newInputs.keys).sorted() where oldInputs[name] != newInputs[name] {
            let path = spec.inputs[name]?.path ?? name
            switch (oldInputs[name], newInputs[name]) {
            case (nil, _): changes.append("input '\(name)' (\(path)) is new")
            case (_, nil): changes.append("input '\(name)' was removed")
            default: changes.append("input '\(name)' (\(path)) changed")
            }
        }
        return changes
    }

    private static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    private static func combinedHash(of spec: JobSpec) throws(PlanningError) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(spec.source.text.utf8))
        for (name, input) in spec.inputs {
            guard let data = FileManager.default.contents(atPath: input.resolvedPath) else {
                throw PlanningError(.inputUnreadable(input: name, path: input.path, reason: nil))
            }
            hasher.update(data: Data(name.utf8))
            hasher.update(data: data)
        }
        return hex(hasher.finalize())
    }
}
