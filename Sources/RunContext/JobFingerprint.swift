import Crypto
import Diagnostics
import Expressions
import Foundation
public import JobSpec
import OrderedCollections

/// The identity of a job's content: SHA-256 over the job file, each input file and each file it uploads by name, so
/// a plan or a run can tell when the job it was made from has changed.
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

    /// The hex digest of each file an `upload:` step sends whose name the job gives as text, by that name. (A name
    /// an expression gives is known per item only: see docs/job-files.md.)
    public static func uploadHashes(of spec: JobSpec) -> [String: String] {
        var hashes: [String: String] = [:]
        for step in spec.steps.values {
            guard case .upload(let upload) = step.kind, let file = upload.file.literalText,
                let data = FileManager.default.contents(atPath: upload.localPath(file))
            else { continue }
            hashes[file] = hex(SHA256.hash(data: data))
        }
        return hashes
    }

    /// What differs between a job as it was (its text, input hashes and, when known, the hashes of the files it
    /// uploads) and as it is now, as sentences.
    public static func changes(
        fromText oldText: String, inputHashes oldInputs: [String: String], uploadHashes oldUploads: [String: String]?,
        to spec: JobSpec
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
        if let oldUploads {
            let newUploads = uploadHashes(of: spec)
            for file in Set(oldUploads.keys).union(newUploads.keys).sorted() where oldUploads[file] != newUploads[file]
            {
                switch (oldUploads[file], newUploads[file]) {
                case (nil, _): changes.append("the job now uploads '\(file)'")
                case (_, nil): changes.append("the job no longer uploads '\(file)'")
                default: changes.append("the file to upload '\(file)' changed")
                }
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
        // A saved plan shows a file's size and checksum: another file is another job.
        for (file, hash) in uploadHashes(of: spec).sorted(by: { $0.key < $1.key }) {
            hasher.update(data: Data("upload \(file) \(hash)".utf8))
        }
        return hex(hasher.finalize())
    }
}
