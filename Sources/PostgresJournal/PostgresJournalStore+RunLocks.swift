public import Execution
public import Foundation
import PostgresNIO

extension PostgresJournalStore {
    /// Takes the run's lock for `holder`, or renews it when `holder` has it; throws `JournalError.runLocked` while
    /// another holder's lease lasts.
    ///
    /// The check and the write are one transaction under a transaction advisory lock on the run, so two processes
    /// claiming a run that nobody holds yet cannot both win.
    public func lockRun(_ id: RunID, holder: RunLockHolder, at now: Date) async throws {
        try await storageErrors {
            try await Self.unwrappingJournalErrors {
                try await lockRunTransaction(id, holder: holder, at: now)
            }
        }
    }

    private func lockRunTransaction(_ id: RunID, holder: RunLockHolder, at now: Date) async throws {
        try await client.withTransaction(logger: Self.silent) { connection in
            try await connection.query(
                "SELECT pg_advisory_xact_lock(hashtext(\(id.rawValue)))", logger: Self.silent)
            let runs = try await connection.query(
                "SELECT id FROM runs WHERE id = \(id.rawValue)", logger: Self.silent
            ).collect()
            guard !runs.isEmpty else { throw JournalError.unknownRun(id) }
            let rows = try await connection.query(
                "SELECT host, pid, token, heartbeat_at FROM run_locks WHERE run_id = \(id.rawValue)",
                logger: Self.silent
            ).collect()
            if let row = rows.first {
                let (host, pid, token, heartbeat) = try row.decode((String, Int64, String, Double).self)
                let current = RunLockHolder(host: host, pid: Int32(clamping: pid), token: token)
                if current.blocks(holder, heartbeat: Date(timeIntervalSince1970: heartbeat), now: now) {
                    throw JournalError.runLocked(id, host: current.host, pid: current.pid)
                }
            }
            try await connection.query(
                """
                INSERT INTO run_locks (run_id, host, pid, token, heartbeat_at)
                VALUES (\(id.rawValue), \(holder.host), \(Int64(holder.pid)), \(holder.token), \(now.timeIntervalSince1970))
                ON CONFLICT (run_id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
                    token = excluded.token, heartbeat_at = excluded.heartbeat_at
                """, logger: Self.silent)
        }
    }

    /// Runs `body`, rethrowing a journal error its transaction failed with as itself, not wrapped.
    static func unwrappingJournalErrors(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as PostgresTransactionError {
            if let journalError = error.closureError as? JournalError { throw journalError }
            throw error
        }
    }

    /// Releases the run's lock if `holder` has it.
    public func unlockRun(_ id: RunID, holder: RunLockHolder) async throws {
        _ = try await storageErrors {
            try await client.query(
                "DELETE FROM run_locks WHERE run_id = \(id.rawValue) AND token = \(holder.token)", logger: Self.silent)
        }
    }
}
