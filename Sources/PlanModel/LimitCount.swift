public import JobSpec

/// What a job's `limits:` count: every write is a change (`max_changes`), and a delete is also a delete
/// (`max_deletes`), whether an `ensure` with `state: absent`, a raw `DELETE` request, or the old object of a
/// replacement (`-/+`), which counts as a create and a delete.
public struct LimitCount: Sendable, Hashable {
    /// Deletes counted so far.
    public var deletes = 0
    /// Writes counted so far, deletes included.
    public var changes = 0

    /// No writes.
    public init() {}

    /// Counts one planned action; reads, skips and unchanged objects count nothing.
    public mutating func count(_ action: PlannedAction) {
        if let write = action.countedWrite { count(write) }
    }

    /// Counts one write.
    public mutating func count(isDelete: Bool) {
        count(isDelete ? .delete : .change)
    }

    /// Counts one write as what it sends: a replacement is the create and the delete Canvas needs for it.
    public mutating func count(_ write: CountedWrite) {
        switch write {
        case .change: changes += 1
        case .delete:
            changes += 1
            deletes += 1
        case .replacement:
            changes += 2
            deletes += 1
        }
    }

    /// The limit this count exceeds, if any: `max_deletes` first, as it is the narrower one.
    public func exceeded(_ limits: JobSpec.Limits) -> LimitExceeded? {
        if let maxDeletes = limits.maxDeletes, deletes > maxDeletes {
            return LimitExceeded(limit: .maxDeletes, allowed: maxDeletes, count: deletes)
        }
        if let maxChanges = limits.maxChanges, changes > maxChanges {
            return LimitExceeded(limit: .maxChanges, allowed: maxChanges, count: changes)
        }
        return nil
    }

    /// Every limit this count exceeds.
    public func violations(of limits: JobSpec.Limits) -> [LimitExceeded] {
        var violations: [LimitExceeded] = []
        if let maxDeletes = limits.maxDeletes, deletes > maxDeletes {
            violations.append(LimitExceeded(limit: .maxDeletes, allowed: maxDeletes, count: deletes))
        }
        if let maxChanges = limits.maxChanges, changes > maxChanges {
            violations.append(LimitExceeded(limit: .maxChanges, allowed: maxChanges, count: changes))
        }
        return violations
    }
}

/// A job's limit that a plan or a run goes over.
public struct LimitExceeded: Error, Sendable, Hashable {
    /// Which limit.
    public enum Limit: String, Sendable, Hashable {
        /// `limits.max_deletes`.
        case maxDeletes = "max_deletes"
        /// `limits.max_changes`.
        case maxChanges = "max_changes"
    }

    /// The limit.
    public var limit: Limit
    /// The job's value for it.
    public var allowed: Int
    /// The count that goes over it.
    public var count: Int

    /// Creates a description of an exceeded limit.
    public init(limit: Limit, allowed: Int, count: Int) {
        self.limit = limit
        self.allowed = allowed
        self.count = count
    }

    /// What is counted, in a plan's words: `deletes 3 objects`, `makes 12 changes`.
    var planWords: String {
        switch limit {
        case .maxDeletes: "deletes \(count) object\(count == 1 ? "" : "s")"
        case .maxChanges: "makes \(count) change\(count == 1 ? "" : "s")"
        }
    }

    /// The sentence a plan shows: `the plan deletes 3 objects; the job allows at most 2 (max_deletes)`.
    public var planSentence: String {
        "the plan \(planWords); the job allows at most \(allowed) (\(limit.rawValue))"
    }

    /// The sentence a run stops with, naming the write not sent and how to raise the limit.
    public var runSentence: String {
        let what = limit == .maxDeletes ? "delete" : "change"
        return "not sent: it would be \(what) \(count) of this run, and the job allows at most \(allowed) "
            + "(limits.\(limit.rawValue)); to allow more, raise limits.\(limit.rawValue) in the job file and "
            + "resume the run with --allow-changed-job"
    }
}

extension PlannedAction {
    /// Whether the action deletes: an `ensure` with `state: absent`, a raw `DELETE`, or an update Canvas can only
    /// make by deleting the old object (`-/+`).
    public var countsAsDelete: Bool {
        switch self {
        case .delete: true
        case .request(let method, _, _, _): method == "DELETE"
        case .update: replacesObject
        default: false
        }
    }

    /// How the action counts against `limits:`; nil when it writes nothing.
    public var countedWrite: CountedWrite? {
        guard isWrite else { return nil }
        if replacesObject { return .replacement }
        return countsAsDelete ? .delete : .change
    }
}
