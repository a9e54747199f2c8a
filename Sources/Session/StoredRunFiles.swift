import Diagnostics
public import Execution
public import Foundation
public import JobSpec
import OrderedCollections
import PostgresJournal

/// A run's job file and inputs kept in the shared journal, so that `resume` works in a folder without the
/// original checkout.
public enum StoredRunFiles {
    /// Keeps the job file and its inputs with `run` when the journal is shared; a local journal needs no copy.
    public static func store(_ spec: JobSpec, jobPath: String, run: RunID, in journal: any JournalStore) async throws {
        guard let shared = journal as? PostgresJournalStore else { return }
        var files = [RunFile(path: jobFileName(jobPath), content: Data(spec.source.text.utf8))]
        for (_, input) in spec.inputs {
            guard let data = FileManager.default.contents(atPath: input.resolvedPath) else { continue }
            files.append(RunFile(path: input.path, content: data))
        }
        try await shared.storeFiles(files, of: run)
    }

    /// The job file to load for `run`: its own path when that file is here, else a copy of the job and its
    /// inputs written from the shared journal into a new temporary folder (nil when there is neither).
    public static func jobPath(for run: RunRecord, in journal: any JournalStore) async throws -> (
        path: String, restored: URL?
    ) {
        if FileManager.default.fileExists(atPath: run.jobPath) { return (run.jobPath, nil) }
        guard let shared = journal as? PostgresJournalStore else { return (run.jobPath, nil) }
        let files = try await shared.files(of: run.id)
        let jobName = jobFileName(run.jobPath)
        guard files.contains(where: { $0.path == jobName }) else { return (run.jobPath, nil) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "easel-run-\(run.id.rawValue)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        for file in files where !file.path.hasPrefix("/") && !file.path.split(separator: "/").contains("..") {
            let url = folder.appendingPathComponent(file.path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.content.write(to: url)
        }
        return (folder.appendingPathComponent(jobName).path, folder)
    }

    private static func jobFileName(_ jobPath: String) -> String {
        URL(fileURLWithPath: jobPath).lastPathComponent
    }
}
