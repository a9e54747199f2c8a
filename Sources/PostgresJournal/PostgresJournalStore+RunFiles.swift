import Crypto
public import Execution
import Foundation
import PostgresNIO

extension PostgresJournalStore {
    /// Keeps `files` with `run`, each content stored once by its SHA-256 however many runs use it.
    public func storeFiles(_ files: [RunFile], of run: RunID) async throws {
        try await storageErrors {
            try await client.withTransaction(logger: Self.silent) { connection in
                for file in files {
                    let hash = SHA256.hash(data: file.content).map { String(format: "%02x", $0) }.joined()
                    let bytes = ByteBuffer(bytes: file.content)
                    try await connection.query(
                        "INSERT INTO blobs (hash, content) VALUES (\(hash), \(bytes)) ON CONFLICT (hash) DO NOTHING",
                        logger: Self.silent)
                    try await connection.query(
                        """
                        INSERT INTO run_files (run_id, path, hash) VALUES (\(run.rawValue), \(file.path), \(hash))
                        ON CONFLICT (run_id, path) DO UPDATE SET hash = excluded.hash
                        """, logger: Self.silent)
                }
            }
        }
    }

    /// The files kept with `run`, by path.
    public func files(of run: RunID) async throws -> [RunFile] {
        try await storageErrors {
            var files: [RunFile] = []
            let rows = try await client.query(
                """
                SELECT run_files.path, blobs.content FROM run_files JOIN blobs ON blobs.hash = run_files.hash
                WHERE run_files.run_id = \(run.rawValue) ORDER BY run_files.path COLLATE "C"
                """)
            for try await (path, content) in rows.decode((String, ByteBuffer).self) {
                files.append(RunFile(path: path, content: Data(content.readableBytesView)))
            }
            return files
        }
    }
}
