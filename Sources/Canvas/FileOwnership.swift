import Foundation

/// The ownership and mode rules ssh applies to its keys, for environments files and token files.
///
/// The environments file decides where a token goes, and a token file holds one. Each error says which command
/// fixes it.
enum FileOwnership {
    /// Checks that the file at `path` belongs to the user (or root) and is not writable by group or others:
    /// whoever can write the environments file can send the user's token to a host of their choosing.
    static func checkNotWritableByOthers(_ path: String, describedAs what: String) throws(CanvasError) {
        let info = try status(of: path, describedAs: what)
        try checkOwner(info, path: path, describedAs: what)
        let mode = info.st_mode & 0o7777
        if mode & 0o022 != 0 {
            throw CanvasError(
                .configuration(
                    "\(what) \(path) is writable by group or others (mode \(octal(mode))), so someone else could "
                        + "send your token to a host of their choosing; fix it with: chmod go-w \(shellQuoted(path))"))
        }
    }

    /// Checks that the file at `path` belongs to the user (or root) and that only its owner can read or write it,
    /// as ssh requires of a private key.
    static func checkPrivate(_ path: String, describedAs what: String) throws(CanvasError) {
        let info = try status(of: path, describedAs: what)
        try checkOwner(info, path: path, describedAs: what)
        let mode = info.st_mode & 0o7777
        if mode & 0o077 != 0 {
            throw CanvasError(
                .configuration(
                    "\(what) \(path) is open to group or others (mode \(octal(mode))); a token file must be readable "
                        + "by you alone: fix it with: chmod 600 \(shellQuoted(path))"))
        }
    }

    private static func status(of path: String, describedAs what: String) throws(CanvasError) -> stat {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CanvasError(.configuration("cannot read \(what) \(path): \(String(cString: strerror(errno)))"))
        }
        return info
    }

    private static func checkOwner(_ info: stat, path: String, describedAs what: String) throws(CanvasError) {
        let user = geteuid()
        // Root can rewrite any file anyway, so a root-owned file adds no one who could.
        guard info.st_uid != user, info.st_uid != 0 else { return }
        throw CanvasError(
            .configuration(
                "\(what) \(path) belongs to user \(info.st_uid), not to you (user \(user)), so someone else "
                    + "controls it; make it yours with: chown \(user) \(shellQuoted(path)) "
                    + "(or copy it to a file of your own)"))
    }

    private static func octal(_ mode: mode_t) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `path` as one shell word, quoted only when it needs to be.
    static func shellQuoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) || "/._-~+,:@%".unicodeScalars.contains($0)
        }
        return plain && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
