import Foundation
import GRDB

/// Keeps the sandbox state in an SQLite file as one JSON snapshot.
final class StatePersistence: Sendable {
    private let queue: DatabaseQueue

    /// Opens (or creates) the state file at `path`.
    init(path: String) throws {
        queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql:
                    "CREATE TABLE IF NOT EXISTS sandbox_state (id INTEGER PRIMARY KEY, json TEXT NOT NULL, saved_at TEXT NOT NULL)"
            )
        }
    }

    /// The saved state, or nil when the file has none yet.
    func load() throws -> SandboxState? {
        let text = try queue.read { db in try String.fetchOne(db, sql: "SELECT json FROM sandbox_state WHERE id = 1") }
        guard let text else { return nil }
        return try JSONDecoder().decode(SandboxState.self, from: Data(text.utf8))
    }

    /// Replaces the saved state.
    func save(_ state: SandboxState) throws {
        let text = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
        try queue.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO sandbox_state (id, json, saved_at) VALUES (1, ?, ?)",
                arguments: [text, Date.now.formatted(.iso8601)]
            )
        }
    }
}
