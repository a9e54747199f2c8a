public import Foundation

/// A process that holds, or wants, a run's lock in the journal: where it runs, its id, and a token unique to it.
public struct RunLockHolder: Sendable, Hashable {
    /// The host name of the machine it runs on.
    public var host: String
    /// Its process id.
    public var pid: Int32
    /// A token unique to this holder, so that a process that reuses a pid is not taken for the holder.
    public var token: String

    /// A holder.
    public init(host: String, pid: Int32, token: String) {
        self.host = host
        self.pid = pid
        self.token = token
    }

    /// This process, with a fresh token.
    public static func thisProcess() -> RunLockHolder {
        RunLockHolder(
            host: ProcessInfo.processInfo.hostName, pid: ProcessInfo.processInfo.processIdentifier,
            token: UUID().uuidString)
    }

    /// How long a lock lives without a heartbeat: a holder on another machine that stopped renewing it for this
    /// long is taken to have died.
    public static let lease: TimeInterval = 60

    /// Whether a lock this holder took, last renewed at `heartbeat`, still holds at `now` against `claimant`: the
    /// same holder never blocks itself; on the same machine the lock dies with its process; elsewhere it dies
    /// when its lease runs out.
    public func blocks(_ claimant: RunLockHolder, heartbeat: Date, now: Date) -> Bool {
        guard token != claimant.token else { return false }
        if host == claimant.host { return kill(pid, 0) == 0 || errno == EPERM }
        return now.timeIntervalSince(heartbeat) < Self.lease
    }
}
