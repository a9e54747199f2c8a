import Foundation

/// Finding the git work tree a file sits in: files there come with a repository, so others wrote them.
public enum GitWorkTree {
    /// The top folder of the work tree holding `path`, or nil when the file is in none.
    ///
    /// That is the nearest folder above it with a `.git` entry, as git finds it; symbolic links are resolved first.
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
