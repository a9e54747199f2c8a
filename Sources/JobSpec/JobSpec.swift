public import Diagnostics
public import Expressions
public import JSONValues
public import OrderedCollections

/// A validated job file: what should happen, as a list of steps with their expressions parsed.
public struct JobSpec: Sendable {
    /// The grammar version (`easel: 1`).
    public var version: Int
    /// The job's name.
    public var name: String
    /// What the job is for, if the file says.
    public var summary: String?
    /// The job's variables with their default values, in document order.
    public var vars: OrderedDictionary<String, Variable>
    /// The data files the job iterates, by name.
    public var inputs: OrderedDictionary<String, InputSpec>
    /// The environment variables expressions may read (`env.NAME`).
    public var allowedEnvironment: [String]
    /// Settings every step inherits.
    public var defaults: Defaults
    /// Limits that stop a plan exceeding them.
    public var limits: Limits
    /// The steps, in document order, by id.
    public var steps: OrderedDictionary<String, Step>
    /// The job file.
    public var source: SourceFile

    /// A job variable and where its value was written.
    public struct Variable: Sendable, Hashable {
        /// The value (a default from the file, or a `--var` override).
        public var value: JSONValue
        /// Where the value is in the file.
        public var range: SourceRange?
    }

    /// Where a named input's data comes from.
    public struct InputSpec: Sendable, Hashable {
        /// The file's format.
        public enum Format: String, Sendable, Hashable { case csv, json }
        /// The format of the file.
        public var format: Format
        /// The path as written, relative to the job file.
        public var path: String
        /// The path resolved against the job file's folder.
        public var resolvedPath: String
        /// The CSV header's column names, when the file could be read.
        public var columns: [String]?
        /// Where the entry is in the file.
        public var range: SourceRange?
    }

    /// Settings every step inherits unless it sets its own.
    public struct Defaults: Sendable, Hashable {
        /// The most items in flight at once across the job.
        public var parallelism: Int = 8
        /// How writes and reads are retried.
        public var retry: RetryPolicy = RetryPolicy()
        /// What a failure does to the rest of the run.
        public var onError: ErrorPolicy = .stop
        /// The user every request acts as, if any.
        public var asUserID: Template?
        /// How `ensure` steps send their changes unless a step says (`via:`).
        public var via: EnsureTransport = .api

        /// Creates the defaults Easel uses when a job sets none.
        public init() {}
    }

    /// Limits a plan must stay within.
    public struct Limits: Sendable, Hashable {
        /// The most deletes a plan may contain.
        public var maxDeletes: Int?
        /// The most changes (creates, updates, deletes and requests) a plan may contain.
        public var maxChanges: Int?

        /// Creates limits that allow anything.
        public init() {}
    }

    /// How a failed request is retried; a field left out takes the value of `defaults.retry`, then Easel's.
    public struct RetryPolicy: Sendable, Hashable {
        /// The most attempts, the first included (Easel's default: 5).
        public var attempts: Int?
        /// The first wait between attempts, doubled each time (500ms).
        public var backoff: Duration?
        /// The longest wait between attempts (30s).
        public var maxBackoff: Duration?
        /// The longest time spent on one request, retries included (10m).
        public var maxTime: Duration?
        /// How long a write answered by a gateway error or a timeout is given to land before it is looked up;
        /// each further look waits once more this long (5s).
        public var settle: Duration?

        /// A policy that sets nothing.
        public init() {}

        /// This policy, with the fields it leaves out taken from `fallback`.
        public func merged(over fallback: RetryPolicy) -> RetryPolicy {
            var merged = self
            merged.attempts = attempts ?? fallback.attempts
            merged.backoff = backoff ?? fallback.backoff
            merged.maxBackoff = maxBackoff ?? fallback.maxBackoff
            merged.maxTime = maxTime ?? fallback.maxTime
            merged.settle = settle ?? fallback.settle
            return merged
        }

        /// Whether no field is set.
        public var isEmpty: Bool { self == RetryPolicy() }
    }

    /// The variables as one object, as expressions see them under `vars`.
    public var varsValue: JSONValue {
        .object(vars.mapValues(\.value))
    }
}
