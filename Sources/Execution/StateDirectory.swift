public import Canvas
public import Foundation
import RunContext

/// The folder where Easel keeps its state: the journal, and per run the request log and results.
///
/// Chosen by `--state-dir`, else the `EASEL_STATE_DIR` environment variable, else `.easel` in the current directory.
/// Its folders are the user's alone (0700) and the files Easel writes in them 0600: the request logs and results
/// name courses, users and hosts.
public struct StateDirectory: Hashable, Sendable {
    /// The mode of the state folder and the folders Easel makes in it.
    public static let folderMode: Int16 = 0o700
    /// The mode of the files Easel writes in the state folder.
    public static let fileMode: Int16 = 0o600

    /// The environment variable that names the state folder when `--state-dir` is not given.
    public static let environmentVariable = "EASEL_STATE_DIR"
    /// The folder's name in the current directory when nothing else names one.
    public static let defaultFolderName = ".easel"

    /// The state folder.
    public let url: URL

    /// The state folder at `url`.
    public init(url: URL) {
        self.url = url.standardizedFileURL
    }

    /// The state folder named by `flag` (`--state-dir`), else by `EASEL_STATE_DIR` in `environment`, else `.easel`
    /// in `currentDirectory`; relative paths are taken from `currentDirectory`.
    public init(
        flag: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) {
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        let chosen = [flag, environment[Self.environmentVariable]].compactMap { $0 }.first { !$0.isEmpty }
        if let chosen {
            self.init(url: URL(fileURLWithPath: chosen, isDirectory: true, relativeTo: base))
        } else {
            self.init(url: base.appendingPathComponent(Self.defaultFolderName, isDirectory: true))
        }
    }

    /// The journal's SQLite file, `journal.sqlite`.
    public var journalURL: URL { url.appendingPathComponent("journal.sqlite", isDirectory: false) }

    /// The journal's SQLite file as a path.
    public var journalPath: String { journalURL.path }

    /// The folder of one run, `runs/<id>/`, for its request log and results.
    public func runFolder(_ id: RunID) -> URL {
        url.appendingPathComponent("runs", isDirectory: true).appendingPathComponent(id.rawValue, isDirectory: true)
    }

    /// The request log of one run, `runs/<id>/requests.jsonl` (JSON Lines, one request a line).
    public func requestLogURL(_ id: RunID) -> URL {
        runFolder(id).appendingPathComponent("requests.jsonl", isDirectory: false)
    }

    /// Opens (creating or appending to) the request log of one run, its lines labelled with the step and item
    /// each request serves.
    public func openRequestLog(_ id: RunID) throws -> RequestLog {
        try RequestLog(path: requestLogURL(id).path, labelColumns: CanvasRequestContext.itemLabelColumns)
    }

    /// The per-item results of one run, `runs/<id>/results.csv`.
    public func resultsURL(_ id: RunID) -> URL {
        runFolder(id).appendingPathComponent("results.csv", isDirectory: false)
    }

    /// Creates the state folder if needed, readable by its owner alone, and closes what Easel keeps in it (the
    /// runs folder, 0700; the journal's and the sandbox's files, 0600) when an earlier version left them open.
    ///
    /// An existing state folder is closed only when it is called `.easel`: `--state-dir` may name a folder that
    /// is not Easel's alone (`.`, say), and the files in it are private either way.
    public func create() throws {
        try Self.createPrivateFolder(url, closingExisting: url.lastPathComponent == Self.defaultFolderName)
        let runs = url.appendingPathComponent("runs", isDirectory: true)
        if FileManager.default.fileExists(atPath: runs.path) {
            try Self.createPrivateFolder(runs, closingExisting: true)
        }
        for name in ["journal.sqlite", "sandbox.sqlite"] {
            for suffix in ["", "-wal", "-shm"] {
                try Self.close(url.appendingPathComponent(name + suffix, isDirectory: false), to: Self.fileMode)
            }
        }
    }

    /// Creates the folder of one run (and the state folder) if needed, each readable by its owner alone, and
    /// returns it.
    @discardableResult
    public func createRunFolder(_ id: RunID) throws -> URL {
        try create()
        try Self.createPrivateFolder(url.appendingPathComponent("runs", isDirectory: true), closingExisting: true)
        let folder = runFolder(id)
        try Self.createPrivateFolder(folder, closingExisting: true)
        return folder
    }

    private static func createPrivateFolder(_ folder: URL, closingExisting: Bool) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            if closingExisting { try close(folder, to: folderMode) }
            return
        }
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: folderMode)])
    }

    /// Sets `mode` on an existing file or folder of this user's that group or others can use.
    private static func close(_ item: URL, to mode: Int16) throws {
        let manager = FileManager.default
        guard let attributes = try? manager.attributesOfItem(atPath: item.path) else { return }
        let current = (attributes[.posixPermissions] as? NSNumber)?.int16Value ?? 0
        let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
        guard current & 0o077 != 0, owner == geteuid() else { return }
        try manager.setAttributes([.posixPermissions: NSNumber(value: mode)], ofItemAtPath: item.path)
    }
}
