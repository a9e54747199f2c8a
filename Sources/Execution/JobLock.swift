public import Foundation

/// What `apply` and `resume` lock so that one writer at a time runs a job against a Canvas: the Canvas host and
/// the job's name.
public struct JobLockKey: Hashable, Sendable, CustomStringConvertible {
    public var canvasHost: String
    public var jobName: String

    public init(canvasHost: String, jobName: String) {
        self.canvasHost = canvasHost
        self.jobName = jobName
    }

    public var description: String { "job '\(jobName)' on \(canvasHost)" }
}

/// Who holds a job lock: the user, machine, process and run, and since when.
public struct JobLockHolder: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var pid: Int
    public var runID: RunID
    public var since: Date

    public init(user: String, host: String, pid: Int, runID: RunID, since: Date) {
        self.user = user
        self.host = host
        self.pid = pid
        self.runID = runID
        self.since = since
    }

    public var description: String {
        "\(user)@\(host) (process \(pid), run \(runID), since \(ISO8601DateFormatter().string(from: since)))"
    }
}

/// A held job lock; `release()` gives it up (a process that dies releases it too, by the store's own means).
public protocol JobLock: Sendable {
    /// Gives the lock up; safe to call more than once.
    func release()
}

/// Where job locks are taken: the shared database (a session advisory lock) or the local journal (a lease).
public protocol JobLocking: Sendable {
    /// Takes the lock on `key` for `holder`, trying again until `timeout` has passed; throws `JobLockError.held`
    /// naming the holder when another writer keeps it.
    func acquire(_ key: JobLockKey, for holder: JobLockHolder, timeout: Duration) async throws -> any JobLock
}

/// Why a job lock was not taken.
public enum JobLockError: Error, Equatable, CustomStringConvertible {
    /// Another writer holds the lock (its holder, when it could be read).
    case held(JobLockKey, by: JobLockHolder?)
    /// The lock's storage failed.
    case storageFailed(String)

    public var description: String {
        switch self {
        case .held(let key, let holder):
            "\(key) is locked by \(holder.map(String.init(describing:)) ?? "another writer"); "
                + "wait for it to finish, or pass --lock-timeout SECONDS to wait"
        case .storageFailed(let reason): "the job lock could not be taken: \(reason)"
        }
    }
}
