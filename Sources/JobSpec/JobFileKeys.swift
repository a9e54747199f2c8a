/// The keys a job file's top-level mapping accepts. The JSON Schema's property names are kept equal to these
/// by a test.
public enum JobKey: String, CaseIterable, Sendable {
    case easel, name, description, vars, inputs, env, defaults, limits, steps
}

/// The keys a step accepts.
public enum StepKey: String, CaseIterable, Sendable {
    case id, name, description, needs, when
    case forEach = "for_each"
    case get, request, ensure
    case `in`, key, set, create, state, query, body, wait, export, parallelism
    case onError = "on_error"
    case retry
    case asUserID = "as_user_id"
    case verify
    case itemKey = "item_key"
    case undo
    case via
    case batchSize = "batch_size"
    case upload
}

/// The keys of `defaults:`.
public enum DefaultsKey: String, CaseIterable, Sendable {
    case parallelism, retry
    case onError = "on_error"
    case asUserID = "as_user_id"
    case via
}

/// The keys of a `retry:` mapping.
public enum RetryKey: String, CaseIterable, Sendable {
    case attempts, backoff
    case maxBackoff = "max_backoff"
    case maxTime = "max_time"
    case settle
}

/// The keys of one entry of `inputs:`.
public enum InputKey: String, CaseIterable, Sendable {
    case csv, json
}

/// The keys of an `export:` mapping.
public enum ExportKey: String, CaseIterable, Sendable {
    case csv, json, columns
}

/// The keys of `limits:`.
public enum LimitsKey: String, CaseIterable, Sendable {
    case maxDeletes = "max_deletes"
    case maxChanges = "max_changes"
}

/// The keys of a `verify:` mapping (how to check whether a raw write already happened).
public enum VerifyKey: String, CaseIterable, Sendable {
    case get, query, match
}

/// The keys of an `undo:` mapping (the request that takes back one item of a raw request step).
public enum UndoKey: String, CaseIterable, Sendable {
    case request, query, body
}

/// The keys of an `upload:` mapping (a file sent to Canvas in its three-step upload).
public enum UploadKey: String, CaseIterable, Sendable {
    case file, to, name
    case parentFolderPath = "parent_folder_path"
    case onDuplicate = "on_duplicate"
}

/// What Canvas does with an upload whose name is taken in its folder (`on_duplicate:`).
public enum DuplicatePolicy: String, CaseIterable, Sendable, Hashable {
    /// The new file replaces the old one.
    case overwrite
    /// The new file gets a free name (`syllabus-1.pdf`).
    case rename
}

/// What a step does with `on_error`.
public enum ErrorPolicy: String, CaseIterable, Sendable, Hashable {
    /// Stop starting new work after the first failure.
    case stop
    /// Go on with independent work; dependents of a failed item are skipped.
    case `continue`
}

/// The `state:` of an `ensure` step.
public enum EnsureState: String, CaseIterable, Sendable, Hashable {
    /// The object should exist with the given fields.
    case present
    /// The object should not exist.
    case absent
}

/// How an `ensure` step's changes reach Canvas (`via:`).
public enum EnsureTransport: String, CaseIterable, Sendable, Hashable {
    /// One REST request per changed item.
    case api
    /// The changed items as rows of SIS import CSV files, sent in batches.
    case sisImport = "sis_import"
}

/// What a `wait:` waits for after a request.
public enum WaitMode: String, CaseIterable, Sendable, Hashable {
    /// Polls the Progress object the response names (its `progress_url`, or the response itself).
    case progress
    /// Polls an SIS import until it reaches a terminal state.
    case sisImport = "sis_import"
}

/// The HTTP methods a raw `request:` step may use.
public enum RequestMethod: String, CaseIterable, Sendable, Hashable {
    case GET, POST, PUT, PATCH, DELETE
}

/// The Canvas object kinds an `ensure:` step knows.
public enum ResourceKindName: String, CaseIterable, Sendable, Hashable {
    case course, section, user, enrollment, assignment
    case assignmentGroup = "assignment_group"
    case calendarEvent = "calendar_event"
    case module, page
    case discussionTopic = "discussion_topic"
    case group, term
}
