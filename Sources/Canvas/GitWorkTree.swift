import Foundation

/// Finding the git work tree a file sits in: files there come with a repository, so others wrote them.
public enum GitWorkTree {
    /// The top folder of the work tree holding `path` (the nearest folder above it with a `.git` entry, as git
    /// finds it), or nil when the file is in none. Symbolic links are resolved first.
    public static func root(containing path: String) -> String? {
        let file = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        var folder = file.deletingLastPathComponent()
        while true {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent(".git").path) {
                return folder.path
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path || folder.path == "/" { return nil }
            folder = parent
        }
    }
}
