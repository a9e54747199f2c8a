import Foundation

/// A fresh folder for one test's journal file, removed when the test ends.
struct TemporaryJournal: ~Copyable {
    /// The folder.
    let folder: URL

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "easel-journal-\(UUID().uuidString)", isDirectory: true)
    }

    /// A journal file path inside a not-yet-existing subfolder, so opening the store must create it.
    var path: String { folder.appendingPathComponent("state/journal.sqlite").path }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}
