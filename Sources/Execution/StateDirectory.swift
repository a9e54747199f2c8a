public import Foundation

/// The folder where Easel keeps its state: the journal, and per run the request log and results.
///
/// Chosen by `--state-dir`, else the `EASEL_STATE_DIR` environment variable, else `.easel` in the current directory.
/// Its folders are the user's alone (0700) and the files Easel writes in them 0600: the request logs and results
/// name courses, users and hosts.
public struct StateDirectory: Hashable, Sendable {
    /// The mode of the state folder and the folders Easel makes in it.
    public static let folderMode: Int16 = 0o700

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

    /// The per-item results of one run, `runs/<id>/results.csv`.
    public func resultsURL(_ id: RunID) -> URL {
        runFolder(id).appendingPathComponent("results.csv", isDirectory: false)
    }

    /// Creates the state folder if needed, readable by its owner alone; an existing one open to others is closed
    /// (0700) when it belongs to this user.
    public func create() throws {
        try Self.createPrivateFolder(url)
    }

    /// Creates the folder of one run (and the state folder) if needed, each readable by its owner alone, and
    /// returns it.
    @discardableResult
    public func createRunFolder(_ id: RunID) throws -> URL {
        try create()
        let runs = url.appendingPathComponent("runs", isDirectory: true)
        try Self.createPrivateFolder(runs)
        let folder = runFolder(id)
        try Self.createPrivateFolder(folder)
        return folder
    }

    private static func createPrivateFolder(_ folder: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue {
            let attributes = try manager.attributesOfItem(atPath: folder.path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.int16Value ?? 0
            let owner = (attributes[.ownerAccountID] as? NSNumber)?.uint32Value
            if mode & 0o077 != 0, owner == geteuid() {
                try manager.setAttributes([.posixPermissions: NSNumber(value: folderMode)], ofItemAtPath: folder.path)
            }
            return
        }
        try manager.createDirectory(
            at: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: NSNumber(value: folderMode)])
    }
}
