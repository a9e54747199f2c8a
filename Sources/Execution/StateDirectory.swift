public import Foundation

/// The folder where Easel keeps its state: the journal, and per run the request log and results.
///
/// Chosen by `--state-dir`, else the `EASEL_STATE_DIR` environment variable, else `.easel` in the current directory.
public struct StateDirectory: Hashable, Sendable {
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

    /// Creates the folder of one run (and the state folder) if needed, and returns it.
    @discardableResult
    public func createRunFolder(_ id: RunID) throws -> URL {
        let folder = runFolder(id)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
