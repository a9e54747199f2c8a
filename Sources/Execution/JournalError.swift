/// Why the journal could not do what was asked.
public enum JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No run has this id.
    case unknownRun(RunID)
    /// A run with this id was already begun.
    case runAlreadyExists(RunID)
    /// The journal file could not be opened or written.
    case storageFailed(path: String, reason: String)
    /// A stored record cannot be read back (an unknown state name, broken JSON): the file was changed by hand or by
    /// a newer Easel.
    case damagedRecord(reason: String)
    /// Another process holds the run's lock.
    case runLocked(RunID, host: String, pid: Int32)

    /// The message a Canvas admin reads.
    public var description: String {
        switch self {
        case .unknownRun(let id):
            "no run '\(id)' in the journal; 'easel runs' lists the runs it has"
        case .runAlreadyExists(let id):
            "a run with id '\(id)' is already in the journal"
        case .storageFailed(let path, let reason):
            "cannot use the journal at \(path): \(reason)"
        case .runLocked(let id, let host, let pid):
            "run '\(id)' is being applied by process \(pid) on \(host); wait for it to finish or stop it first"
        case .damagedRecord(let reason):
            "the journal holds a record Easel cannot read (\(reason)); was it changed by a newer Easel?"
        }
    }
}
