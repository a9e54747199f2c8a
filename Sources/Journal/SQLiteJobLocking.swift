public import Execution
import Foundation
import GRDB

/// Job locks in the local journal file, as leases: the holder renews its lease while it runs, and a lease that was
/// not renewed in time, or whose process on this machine is gone, is free to take.
///
/// The same semantics as the shared database's session locks, for the admin whose state is a local folder: a
/// second `apply` of the same job against the same Canvas is refused, naming the holder.
public struct SQLiteJobLocking: JobLocking {
    /// The journal file that holds the leases.
    public let path: String
    /// How long a lease lasts without renewal; the holder renews it every third of that.
    public var leaseDuration: Duration = .seconds(30)
    /// How long to wait between two tries while `timeout` allows.
    public var retryInterval: Duration = .milliseconds(250)

    public init(path: String) {
        self.path = path
    }

    public func acquire(_ key: JobLockKey, for holder: JobLockHolder, timeout: Duration) async throws -> any JobLock {
        let queue: DatabaseQueue
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try await queue.write { db in
                try db.execute(
                    sql: """
                        CREATE TABLE IF NOT EXISTS job_leases (
                            lock_key TEXT PRIMARY KEY NOT NULL, user_name TEXT NOT NULL, host_name TEXT NOT NULL,
                            pid INTEGER NOT NULL, run_id TEXT NOT NULL, since REAL NOT NULL, expires_at REAL NOT NULL)
                        """)
            }
        } catch {
            throw JobLockError.storageFailed("\(error)")
        }
        let lockKey = "\(key.canvasHost)\u{0}\(key.jobName)"
        let deadline = ContinuousClock.now + timeout
        while true {
            let current: JobLockHolder?
            do {
                current = try await queue.write { db in
                    try Self.take(lockKey, for: holder, lease: leaseDuration, in: db)
                }
            } catch {
                throw JobLockError.storageFailed("\(error)")
            }
            guard let current else {
                return Lease(queue: queue, lockKey: lockKey, holder: holder, leaseDuration: leaseDuration)
            }
            if ContinuousClock.now + retryInterval > deadline { throw JobLockError.held(key, by: current) }
            try await Task.sleep(for: retryInterval)
        }
    }

    /// Takes the lease unless someone else holds a live one; returns that holder, or nil when taken.
    private static func take(_ lockKey: String, for holder: JobLockHolder, lease: Duration, in db: Database) throws
        -> JobLockHolder?
    {
        let now = Date().timeIntervalSince1970
        if let row = try Row.fetchOne(
            db, sql: "SELECT user_name, host_name, pid, run_id, since, expires_at FROM job_leases WHERE lock_key = ?",
            arguments: [lockKey])
        {
            let current = JobLockHolder(
                user: row[0], host: row[1], pid: row[2], runID: RunID(rawValue: row[3]),
                since: Date(timeIntervalSince1970: row[4]))
            let expiresAt: Double = row[5]
            let isThisMachine = current.host == holder.host
            let processIsGone = isThisMachine && kill(pid_t(current.pid), 0) != 0 && errno == ESRCH
            if expiresAt > now && !processIsGone { return current }
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO job_leases (lock_key, user_name, host_name, pid, run_id, since, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                lockKey, holder.user, holder.host, holder.pid, holder.runID.rawValue,
                holder.since.timeIntervalSince1970, now + lease.seconds,
            ])
        return nil
    }

    /// A held lease, renewed in the background until released.
    private final class Lease: JobLock, @unchecked Sendable {
        // @unchecked: `renewal` is set once in init and only cancelled afterwards.
        private let queue: DatabaseQueue
        private let lockKey: String
        private let holder: JobLockHolder
        private var renewal: Task<Void, Never>?

        init(queue: DatabaseQueue, lockKey: String, holder: JobLockHolder, leaseDuration: Duration) {
            self.queue = queue
            self.lockKey = lockKey
            self.holder = holder
            renewal = Task { [queue, lockKey, holder] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: leaseDuration / 3) } catch { return }
                    try? await queue.write { db in
                        try db.execute(
                            sql: "UPDATE job_leases SET expires_at = ? WHERE lock_key = ? AND run_id = ? AND pid = ?",
                            arguments: [
                                Date().timeIntervalSince1970 + leaseDuration.seconds, lockKey, holder.runID.rawValue,
                                holder.pid,
                            ])
                    }
                }
            }
        }

        func release() {
            renewal?.cancel()
            try? queue.write { db in
                try db.execute(
                    sql: "DELETE FROM job_leases WHERE lock_key = ? AND run_id = ? AND pid = ?",
                    arguments: [lockKey, holder.runID.rawValue, holder.pid])
            }
        }
    }
}

extension Duration {
    /// The duration in seconds, with its fraction.
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
