public import Foundation
public import JSONValues
public import OrderedCollections
import Resources

/// What a job would change, per step and per item, computed from live state without writing anything.
public struct Plan: Sendable {
    /// The version of the plan file and `--format json` layout; documented in docs/plan-format.md.
    public static let formatVersion = 1

    /// What the plan was based on.
    public var header: PlanHeader
    /// The steps in the order they run.
    public var steps: [PlannedStep]
    /// Limits of the job (`max_deletes`, `max_changes`) that the plan exceeds; a plan with any is not applied.
    public var limitViolations: [String]
    /// How the plan read Canvas, when a planner made it in this process (not kept for every plan file reader).
    public var reads: PlanReads?

    /// Creates a plan.
    public init(header: PlanHeader, steps: [PlannedStep], limitViolations: [String] = []) {
        self.header = header
        self.steps = steps
        self.limitViolations = limitViolations
    }

    /// The `ensure` items merged into items of earlier steps, by step and key.
    public var mergedItems: [String: [String: MergeTarget]] {
        var merged: [String: [String: MergeTarget]] = [:]
        for step in steps {
            for item in step.items {
                if let target = item.mergedInto { merged[step.id, default: [:]][item.key] = target }
            }
        }
        return merged
    }

    /// The counts of the summary line.
    public var summary: PlanSummary {
        var summary = PlanSummary()
        for step in steps {
            for item in step.items { summary.count(item.action) }
        }
        return summary
    }
}

/// What a plan was computed from: the job, its variables and the environment. Never a token.
public struct PlanHeader: Sendable, Hashable {
    /// The job's name.
    public var jobName: String
    /// The job file, as given on the command line.
    public var jobPath: String
    /// SHA-256 of the job file and its input files, hex.
    public var jobHash: String
    /// The job's variables after overrides.
    public var vars: OrderedDictionary<String, JSONValue>
    /// The environment's name (`sandbox` for the built-in one).
    public var environmentName: String
    /// The Canvas host, with its port when not the default.
    public var host: String
    /// Whether the environment is production.
    public var isProduction: Bool
    /// When the plan was made.
    public var createdAt: Date
    /// The version of Easel that made it.
    public var easelVersion: String

    /// Creates a header.
    public init(
        jobName: String,
        jobPath: String,
        jobHash: String,
        vars: OrderedDictionary<String, JSONValue>,
        environmentName: String,
        host: String,
        isProduction: Bool,
        createdAt: Date,
        easelVersion: String
    ) {
        self.jobName = jobName
        self.jobPath = jobPath
        self.jobHash = jobHash
        self.vars = vars
        self.environmentName = environmentName
        self.host = host
        self.isProduction = isProduction
        self.createdAt = createdAt
        self.easelVersion = easelVersion
    }
}

/// One step of a plan: what it is and what it would do per item.
public struct PlannedStep: Sendable, Hashable {
    /// The step id.
    public var id: String
    /// What the step does, in a few words: `ensure course in sis_account_id:ENG`, `get /api/v1/…`.
    public var summary: String
    /// Whether the step runs once per item.
    public var isFanOut: Bool
    /// Its items; empty when `itemsUnknown` says why they are not known yet.
    public var items: [PlannedItem]
    /// Why the items are only known after apply (the step iterates what an earlier step would create).
    public var itemsUnknown: String?
    /// What the plan did to the step's items that the reader should know, such as merging two rows that name the
    /// same object with the same fields.
    public var notes: [String]
    /// What the step sends as SIS imports, for a `via: sis_import` step.
    public var sisImport: SISImportPlan? = nil

    /// Creates a planned step.
    public init(
        id: String, summary: String, isFanOut: Bool, items: [PlannedItem], itemsUnknown: String? = nil,
        notes: [String] = []
    ) {
        self.id = id
        self.summary = summary
        self.isFanOut = isFanOut
        self.items = items
        self.itemsUnknown = itemsUnknown
        self.notes = notes
    }
}

/// One item of a planned step.
public struct PlannedItem: Sendable, Hashable {
    /// The item's key.
    public var key: String
    /// What would happen.
    public var action: PlannedAction
    /// The live object as read when planning (an `ensure`'s object), for applying a saved plan exactly.
    public var before: JSONValue?
    /// Set when the item's `when:` condition is only known after apply: the condition's text.
    public var pendingCondition: String?
    /// What the plan shows beside a field's value, by field: for a time written without an offset, the local value
    /// and the zone Canvas reads it in (`2026-12-20 in America/Chicago`).
    public var notes: [String: String] = [:]
    /// For a read: why it is read at apply time rather than now (it depends on a write of this plan).
    public var readAfterApply: String?
    /// For an `ensure` item that names the same object with the same fields as an item of an earlier step: that
    /// item, whose result this one takes at apply without writing.
    public var mergedInto: MergeTarget?

    /// Creates a planned item.
    public init(
        key: String, action: PlannedAction, before: JSONValue? = nil, pendingCondition: String? = nil,
        readAfterApply: String? = nil
    ) {
        self.key = key
        self.action = action
        self.before = before
        self.pendingCondition = pendingCondition
        self.readAfterApply = readAfterApply
    }
}

/// One field whose value would change.
public struct PlannedChange: Sendable, Hashable {
    /// The field, as the job's `set:` names it.
    public var field: String
    /// The live value (null when unset).
    public var before: JSONValue
    /// The value the job sets; unknown when only known after apply.
    public var after: JSONValue

    /// Creates a change.
    public init(field: String, before: JSONValue, after: JSONValue) {
        self.field = field
        self.before = before
        self.after = after
    }
}

/// What one item would do.
public enum PlannedAction: Sendable, Hashable {
    /// A read that runs during plan; `count` is the number of objects it returned, when a list.
    case read(path: String, count: Int?)
    /// An `ensure` object that does not exist and would be created with these fields.
    case create(kind: String, fields: OrderedDictionary<String, JSONValue>)
    /// An `ensure` object whose listed fields would change.
    case update(kind: String, id: JSONValue, changes: [PlannedChange])
    /// An object that would be deleted (`state: absent`); `detail` says how (`conclude`, `delete`).
    case delete(kind: String, id: JSONValue, detail: String?)
    /// An `ensure` object that already is as the job wants it.
    case unchanged(kind: String, id: JSONValue)
    /// A raw request, resolved, that the plan does not send.
    case request(method: String, path: String, query: JSONValue?, body: JSONValue?)
    /// The item's `when:` is false, or an item it depends on is skipped.
    case skip(reason: String)

    /// Whether the action is an update that Canvas can only make by replacing the object (a new one with the
    /// changed field, then the old one deleted), as for an enrollment moved to another section.
    public var replacesObject: Bool {
        guard case .update(let kind, _, let changes) = self, let resourceKind = try? ResourceKinds.named(kind) else {
            return false
        }
        return changes.contains { resourceKind.field(named: $0.field)?.writability == .replacing }
    }

    /// Whether the action writes to Canvas.
    public var isWrite: Bool {
        switch self {
        case .create, .update, .delete: true
        case .request(let method, _, _, _): method != "GET"
        case .read, .unchanged, .skip: false
        }
    }
}

/// The counts of a plan's summary line.
public struct PlanSummary: Sendable, Hashable {
    /// Objects to create.
    public var creates = 0
    /// Objects to update.
    public var updates = 0
    /// Objects to delete.
    public var deletes = 0
    /// Objects already as wanted.
    public var unchanged = 0
    /// Raw write requests.
    public var requests = 0
    /// Items skipped by their condition.
    public var skipped = 0
    /// Reads done while planning.
    public var reads = 0

    /// Counts one action.
    mutating func count(_ action: PlannedAction) {
        switch action {
        case .read: reads += 1
        case .create: creates += 1
        case .update where action.replacesObject:
            creates += 1
            deletes += 1
        case .update: updates += 1
        case .delete: deletes += 1
        case .unchanged: unchanged += 1
        case .request(let method, _, _, _): if method == "GET" { reads += 1 } else { requests += 1 }
        case .skip: skipped += 1
        }
    }

    /// The number of writes applying the plan would send, at least.
    public var writes: Int { creates + updates + deletes + requests }

    /// Whether applying would change anything.
    public var hasChanges: Bool { writes > 0 }

    /// `Plan: 3 to create, 12 to update, 1 to delete, 240 unchanged; 16 writes`.
    public var line: String {
        var text = "Plan: \(creates) to create, \(updates) to update, \(deletes) to delete, \(unchanged) unchanged"
        if requests > 0 { text += ", \(requests) request\(requests == 1 ? "" : "s")" }
        if skipped > 0 { text += ", \(skipped) skipped" }
        return text + "; \(writes) write\(writes == 1 ? "" : "s")"
    }
}
