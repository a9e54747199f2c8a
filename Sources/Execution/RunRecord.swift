public import Foundation
public import JSONValues
public import OrderedCollections

/// One apply run as the journal keeps it: what was applied, where, and how it ended.
///
/// No field holds an access token: the journal has nowhere to put one.
public struct RunRecord: Hashable, Sendable {
    /// The run's identifier.
    public var id: RunID
    /// The job file's path as given on the command line.
    public var jobPath: String
    /// The SHA-256 of the job file's bytes, in lowercase hexadecimal; resume compares it with the file on disk.
    public var jobHash: String
    /// The job's variables after `--var` overrides, in the job's order.
    public var variables: OrderedDictionary<String, JSONValue>
    /// The name of the environment applied to (`sandbox`, or a name from the environments file).
    public var environmentName: String
    /// The host of the environment's base URL, such as `school.instructure.com`.
    public var environmentHost: String
    /// Whether the environment is production.
    public var isProduction: Bool
    /// When the run started.
    public var startedAt: Date
    /// When the run last finished, or nil while it is running.
    public var finishedAt: Date?
    /// How the run ended, or `running`.
    public var status: RunStatus

    /// A run record; a new run is `running` with no finish date.
    public init(
        id: RunID, jobPath: String, jobHash: String, variables: OrderedDictionary<String, JSONValue> = [:],
        environmentName: String, environmentHost: String, isProduction: Bool, startedAt: Date,
        finishedAt: Date? = nil, status: RunStatus = .running
    ) {
        self.id = id
        self.jobPath = jobPath
        self.jobHash = jobHash
        self.variables = variables
        self.environmentName = environmentName
        self.environmentHost = environmentHost
        self.isProduction = isProduction
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.status = status
    }

    /// How long the run took, or nil while it is running.
    public var duration: TimeInterval? {
        finishedAt.map { $0.timeIntervalSince(startedAt) }
    }
}
