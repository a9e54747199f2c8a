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
        var hasher = SHA256()
        hasher.update(data: Data(spec.source.text.utf8))
        for (name, input) in spec.inputs {
            guard let data = FileManager.default.contents(atPath: input.resolvedPath) else {
                throw PlanningError("cannot read input '\(name)' from \(input.path)")
            }
            hasher.update(data: Data(name.utf8))
            hasher.update(data: data)
        }
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
