import Execution
import Foundation
import Testing

@Suite struct StateDirectoryTests {
    @Test func prefersTheFlagOverTheEnvironment() {
        let state = StateDirectory(
            flag: "/srv/easel-state", environment: ["EASEL_STATE_DIR": "/var/lib/easel"],
            currentDirectory: "/home/admin")
        #expect(state.url.path == "/srv/easel-state")
    }

    @Test func usesTheEnvironmentWithoutAFlag() {
        let state = StateDirectory(
            flag: nil, environment: ["EASEL_STATE_DIR": "/var/lib/easel"], currentDirectory: "/home/admin")
        #expect(state.url.path == "/var/lib/easel")
    }

    @Test func defaultsToDotEaselInTheCurrentDirectory() {
        let state = StateDirectory(flag: nil, environment: ["EASEL_STATE_DIR": ""], currentDirectory: "/home/admin")
        #expect(state.url.path == "/home/admin/.easel")
        #expect(state.journalPath == "/home/admin/.easel/journal.sqlite")
    }

    @Test func resolvesRelativePathsFromTheCurrentDirectory() {
        let state = StateDirectory(flag: "state/../easel", environment: [:], currentDirectory: "/home/admin")
        #expect(state.url.path == "/home/admin/easel")
    }

    @Test func keepsEachRunInItsOwnFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let state = StateDirectory(url: root)
        let id = RunID(rawValue: "20261125-142301-7f3a")
        let folder = try state.createRunFolder(id)
        #expect(folder.path == root.standardizedFileURL.path + "/runs/20261125-142301-7f3a")
        #expect(state.requestLogURL(id).path == folder.path + "/requests.jsonl")
        #expect(state.resultsURL(id).path == folder.path + "/results.csv")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    @Test func itsFoldersAndJournalAreTheOwnersAlone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func mode(_ url: URL) throws -> Int16 {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return try #require((attributes[.posixPermissions] as? NSNumber)?.int16Value) & 0o777
        }
        func make(_ url: URL, mode: Int16) throws {
            try FileManager.default.createDirectory(
                at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: NSNumber(value: mode)])
        }
        // A new state folder and its run folders are made 0700.
        let fresh = StateDirectory(url: root.appendingPathComponent("fresh"))
        let freshRun = try fresh.createRunFolder(RunID(rawValue: "20261125-142301-7f3a"))
        #expect(try mode(fresh.url) == 0o700)
        #expect(try mode(fresh.url.appendingPathComponent("runs")) == 0o700)
        #expect(try mode(freshRun) == 0o700)

        // A `.easel` left open, as an earlier version (with a umask of 022) made it, is closed with its journal.
        let old = StateDirectory(url: root.appendingPathComponent("job/.easel"))
        try make(old.url.appendingPathComponent("runs"), mode: 0o755)
        try make(old.url, mode: 0o755)
        try FileManager.default.setAttributes(
            [.posixPermissions: NSNumber(value: Int16(0o755))], ofItemAtPath: old.url.path)
        #expect(
            FileManager.default.createFile(
                atPath: old.journalPath, contents: Data(),
                attributes: [.posixPermissions: NSNumber(value: Int16(0o644))]))
        try old.create()
        #expect(try mode(old.url) == 0o700)
        #expect(try mode(old.url.appendingPathComponent("runs")) == 0o700)
        #expect(try mode(old.journalURL) == 0o600)

        // A folder named with --state-dir that is not Easel's alone keeps its mode; what Easel keeps in it is closed.
        let shared = StateDirectory(url: root.appendingPathComponent("shared"))
        try make(shared.url, mode: 0o755)
        try FileManager.default.setAttributes(
            [.posixPermissions: NSNumber(value: Int16(0o755))], ofItemAtPath: shared.url.path)
        let sharedRun = try shared.createRunFolder(RunID(rawValue: "20261125-142301-7f3a"))
        #expect(try mode(shared.url) == 0o755)
        #expect(try mode(shared.url.appendingPathComponent("runs")) == 0o700)
        #expect(try mode(sharedRun) == 0o700)
    }
}
