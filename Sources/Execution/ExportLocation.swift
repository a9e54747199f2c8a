public import Foundation
import JobSpec

/// Where a step's `export:` file goes: its path resolved against the job file's folder, and kept inside that
/// folder, or inside the folder the user named with `--export-dir`, so that a job from someone else cannot
/// write over files elsewhere (`../../.ssh/authorized_keys`, `/etc/…`).
public struct ExportLocation: Sendable {
    /// The folder relative export paths start from: the job file's.
    public let base: URL
    /// A folder exports may also go to (`--export-dir DIR`); relative paths then start from it.
    public let allowed: URL?

    /// Exports of a job in `base`, optionally also allowed into `allowed`.
    public init(base: URL, allowed: URL? = nil) {
        self.base = base
        self.allowed = allowed
    }

    /// The file `path` names, or why it may not be written.
    public func resolve(_ path: String) throws(ExportPathError) -> URL {
        let start = allowed ?? base
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : start.appendingPathComponent(path)
        let resolved = Self.canonical(url)
        for folder in [base, allowed].compactMap(\.self) {
            let root = Self.canonical(folder).path
            if resolved.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") { return resolved }
        }
        throw ExportPathError(path: path, folder: start.path)
    }

    /// The URL with `.` and `..` removed and the symbolic links of its existing part followed (by the system's
    /// `realpath`), the part still to be created appended as written.
    private static func canonical(_ url: URL) -> URL {
        var existing = url.standardizedFileURL
        var missing: [String] = []
        while existing.path != "/", !FileManager.default.fileExists(atPath: existing.path) {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var resolved = existing
        if let real = realpath(existing.path, nil) {
            resolved = URL(fileURLWithPath: String(cString: real))
            free(real)
        }
        for component in missing { resolved.appendPathComponent(component) }
        return resolved.standardizedFileURL
    }
}

/// An `export:` path that leaves the folders exports may be written to.
public struct ExportPathError: Error, Sendable, CustomStringConvertible {
    /// The path as the job wrote it.
    public let path: String
    /// The folder it should stay in.
    public let folder: String

    public var description: String {
        "export path '\(path)' leaves \(folder); exports stay in the job file's folder, "
            + "or pass --export-dir DIR to allow a folder of your choosing"
    }
}
