import Crypto
public import Execution
import Foundation
import Logging
import PostgresNIO

/// Job locks as PostgreSQL session advisory locks: each held lock keeps a connection of its own, and the server
/// releases the lock when that session ends, so a writer that dies (or whose machine does) frees it at once.
///
/// The holder's name is kept beside the lock in `job_locks`, so that a refused writer can say who has it.
public struct PostgresJobLocking: JobLocking {
    public let location: PostgresLocation
    /// How long to wait between two tries while `timeout` allows.
    public var retryInterval: Duration = .milliseconds(250)

    /// Locks in the journal at `location` (whose schema `PostgresJournalStore.open` has migrated).
    public init(location: PostgresLocation) {
        self.location = location
    }

    public func acquire(_ key: JobLockKey, for holder: JobLockHolder, timeout: Duration) async throws -> any JobLock {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try location.connectionConfiguration(), id: 1, logger: Self.silent)
        } catch {
            throw JobLockError.storageFailed(PostgresFailure.describe(error))
        }
        let lockKey = Self.lockKey(key)
        var deadline = ContinuousClock.now + timeout
        var graceGiven = false
        do {
            while true {
                let rows = try await connection.query("SELECT pg_try_advisory_lock(\(lockKey))", logger: Self.silent)
                var taken = false
                for try await value in rows.decode(Bool.self) { taken = value }
                if taken {
                    try await connection.query(
                        """
                        INSERT INTO job_locks (lock_key, canvas_host, job_name, user_name, host_name, pid, run_id, since)
                        VALUES (\(lockKey), \(key.canvasHost), \(key.jobName), \(holder.user), \(holder.host),
                            \(holder.pid), \(holder.runID.rawValue), \(holder.since.timeIntervalSince1970))
                        ON CONFLICT (lock_key) DO UPDATE SET user_name = excluded.user_name,
                            host_name = excluded.host_name, pid = excluded.pid, run_id = excluded.run_id,
                            since = excluded.since
                        """, logger: Self.silent)
                    return HeldLock(connection: connection)
                }
                if ContinuousClock.now + retryInterval > deadline {
                    // The holder writes its row just after taking the lock: give it a moment to appear.
                    var current = try await Self.holder(of: lockKey, on: connection)
                    for _ in 0..<20 where current == nil {
                        try await Task.sleep(for: .milliseconds(100))
                        current = try await Self.holder(of: lockKey, on: connection)
                    }
                    // A holder on this machine whose process is gone (killed with -9) still has its session
                    // until the server notices the closed socket: wait for that rather than name a dead process.
                    if !graceGiven, let current, Self.isGoneProcess(current, seenFrom: holder) {
                        graceGiven = true
                        deadline = ContinuousClock.now + Self.deadHolderGrace
                        continue
                    }
                    try? await connection.close()
                    throw JobLockError.held(key, by: current)
                }
                try await Task.sleep(for: retryInterval)
            }
        } catch let error as JobLockError {
            throw error
        } catch {
            try? await connection.close()
            throw JobLockError.storageFailed(PostgresFailure.describe(error))
        }
    }

    /// How long a lock held by a process that is gone may take to be freed by the server.
    static let deadHolderGrace: Duration = .seconds(10)

    /// Whether `current` ran on the same machine as `holder` and its process no longer exists.
    static func isGoneProcess(_ current: JobLockHolder, seenFrom holder: JobLockHolder) -> Bool {
        current.host == holder.host && current.pid != holder.pid && kill(pid_t(current.pid), 0) != 0
            && errno == ESRCH
    }

    /// The advisory lock's 64-bit key: the first eight bytes of a SHA-256 of the host and job name.
    static func lockKey(_ key: JobLockKey) -> Int64 {
        let digest = SHA256.hash(data: Data("easel job lock\u{0}\(key.canvasHost)\u{0}\(key.jobName)".utf8))
        return digest.prefix(8).reduce(Int64(0)) { ($0 << 8) | Int64($1) }
    }

    private static func holder(of lockKey: Int64, on connection: PostgresConnection) async throws -> JobLockHolder? {
        let rows = try await connection.query(
            "SELECT user_name, host_name, pid, run_id, since FROM job_locks WHERE lock_key = \(lockKey)",
            logger: silent)
        for try await (user, host, pid, runID, since) in rows.decode((String, String, Int, String, Double).self) {
            return JobLockHolder(
                user: user, host: host, pid: pid, runID: RunID(rawValue: runID),
                since: Date(timeIntervalSince1970: since))
        }
        return nil
    }

    private static let silent = Logger(label: "easel.postgres.lock", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The lock, held as long as its connection is open.
    private struct HeldLock: JobLock {
        let connection: PostgresConnection

        func release() {
            // Closing the session releases its advisory locks; the holder's row is overwritten by the next one.
            // The connection must outlive its closing, so the completion handler keeps it.
            connection.close().whenComplete { _ in _ = connection }
        }
    }
}
