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

    @Test func itsFoldersAreTheOwnersAlone() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func mode(_ url: URL) throws -> Int16 {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            return try #require((attributes[.posixPermissions] as? NSNumber)?.int16Value) & 0o777
        }
        // Made open, as an earlier version (or a umask of 022) left it.
        try FileManager.default.createDirectory(
            at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: NSNumber(value: Int16(0o755))])
        let state = StateDirectory(url: root)
        let folder = try state.createRunFolder(RunID(rawValue: "20261125-142301-7f3a"))
        #expect(try mode(root) == 0o700)
        #expect(try mode(root.appendingPathComponent("runs")) == 0o700)
        #expect(try mode(folder) == 0o700)
    }
}
