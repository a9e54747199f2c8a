public import Diagnostics
public import Expressions
public import JSONValues

/// One step of a job: a read, a raw write, or a declarative `ensure`, possibly fanned out over items.
public struct Step: Sendable, Hashable {
    /// The step's id, unique in the job.
    public var id: String
    /// A human title, if given.
    public var name: String?
    /// What the step does.
    public var kind: Kind
    /// The list the step iterates, one item per element (`for_each:`).
    public var forEach: ValueTemplate?
    /// The condition an item must meet to run (`when:`).
    public var when: Template?
    /// Steps that must finish first, besides those the expressions reference.
    public var needs: [String]
    /// Where each `needs` entry is written, in the same order.
    public var needsRanges: [SourceRange?]
    /// The most items of this step in flight at once.
    public var parallelism: Int?
    /// What a failure of this step does to the rest of the run.
    public var onError: ErrorPolicy?
    /// How this step's requests are retried, when it differs from the job's defaults.
    public var retry: JobSpec.RetryPolicy?
    /// The user this step's requests act as.
    public var asUserID: Template?
    /// Where to write the step's results.
    public var export: Export?
    /// An expression giving each item's stable key (for the journal and resume), when the default is not right.
    public var itemKey: Template?
    /// Where the step is in the file (its `- ` entry).
    public var range: SourceRange?
    /// Where the id is written.
    public var idRange: SourceRange?

    /// What a step does.
    public enum Kind: Sendable, Hashable {
        /// A read, followed through every page; runs during plan.
        case get(GetStep)
        /// A raw write (or read) sent as written; shown resolved in the plan, never sent by it.
        case request(RequestStep)
        /// A Canvas object that should exist with these fields, or be absent.
        case ensure(EnsureStep)
        /// A local file uploaded to a Canvas files endpoint, unless a file of the same name and size is there.
        case upload(UploadStep)
    }

    /// A `get:` step.
    public struct GetStep: Sendable, Hashable {
        /// The path, under `/api/`.
        public var path: Template
        /// Query parameters.
        public var query: ValueTemplate?
    }

    /// A `request:` step.
    public struct RequestStep: Sendable, Hashable {
        /// The HTTP method.
        public var method: RequestMethod
        /// The path, under `/api/`.
        public var path: Template
        /// Query parameters.
        public var query: ValueTemplate?
        /// The body, sent form-encoded (Canvas's nesting) unless it holds values only JSON can say.
        public var body: ValueTemplate?
        /// What to wait for after the response.
        public var wait: WaitMode?
        /// How to check whether the write already happened, for safe retries and resume.
        public var verify: Verify?
        /// The request that takes back one item of this step, for `easel undo`.
        public var undo: UndoRequest? = nil
    }

    /// The request of an `undo:`: sent by `easel undo` for an item the step sent, with `item` the item and
    /// `item.output` what Canvas answered to it.
    public struct UndoRequest: Sendable, Hashable {
        /// The HTTP method.
        public var method: RequestMethod
        /// The path, under `/api/`.
        public var path: Template
        /// Query parameters.
        public var query: ValueTemplate?
        /// The body.
        public var body: ValueTemplate?

        /// Every template of the request, in document order. Not among the step's `templates`: they are evaluated
        /// by `easel undo` after the run, with their own scope.
        public var templates: [Template] {
            [path] + (query?.templates ?? []) + (body?.templates ?? [])
        }
    }

    /// How to check whether a raw write already happened: a read, and the fields an existing object must match.
    public struct Verify: Sendable, Hashable {
        /// The path to read.
        public var path: Template
        /// Query parameters of the read.
        public var query: ValueTemplate?
        /// Fields a found object must have (any element of a list response).
        public var match: ValueTemplate?
    }

    /// An `ensure:` step.
    public struct EnsureStep: Sendable, Hashable {
        /// The kind of Canvas object.
        public var kind: ResourceKindName
        /// The parent the object lives in (an account for a course, a course for a section, …).
        public var parent: Template?
        /// The fields that find the object (its SIS id, login, or name within the parent).
        public var key: ValueTemplate
        /// The fields the object should have.
        public var set: ValueTemplate?
        /// The fields sent only when the object is created, never compared or updated afterwards (a user's
        /// `login_id` and `password`).
        public var create: ValueTemplate?
        /// Whether the object should exist.
        public var state: EnsureState
        /// Where the job file writes each field, by `key.NAME`, `set.NAME` and `create.NAME`, and `in`, for
        /// positioned messages about fields.
        public var sources: [String: FieldSource] = [:]
        /// How the changes reach Canvas, when the step says (`via:`); otherwise `defaults.via`.
        public var via: EnsureTransport?
        /// The most rows in one SIS import (`batch_size:`), for `via: sis_import`.
        public var batchSize: Int?
        /// Where `via:` is written, or the step's `ensure:` when the transport comes from the defaults.
        public var viaRange: SourceRange?
    }

    /// Where a job file writes one field of an `ensure` step.
    public struct FieldSource: Sendable, Hashable {
        /// The field's name.
        public var name: SourceRange
        /// Its value.
        public var value: SourceRange

        /// A field's place.
        public init(name: SourceRange, value: SourceRange) {
            self.name = name
            self.value = value
        }
    }

    /// Where a step's results are written.
    public struct Export: Sendable, Hashable {
        /// The file format.
        public enum Format: String, Sendable, Hashable { case csv, json }
        /// The format.
        public var format: Format
        /// The path as written, relative to the current directory.
        public var path: String
        /// The columns of a CSV export (dotted paths into each result), or nil for every top-level field.
        public var columns: [String]?
    }

    /// Whether the step runs once per item.
    public var isFanOut: Bool { forEach != nil }

    /// Whether the step may write to Canvas.
    public var writes: Bool {
        switch kind {
        case .get: false
        case .request(let request): request.method != .GET
        case .ensure, .upload: true
        }
    }

    /// Every template of the step, in document order.
    public var templates: [Template] {
        var result: [Template] = []
        result += forEach?.templates ?? []
        if let when { result.append(when) }
        if let asUserID { result.append(asUserID) }
        if let itemKey { result.append(itemKey) }
        switch kind {
        case .get(let get):
            result.append(get.path)
            result += get.query?.templates ?? []
        case .request(let request):
            result.append(request.path)
            result += request.query?.templates ?? []
            result += request.body?.templates ?? []
            if let verify = request.verify {
                result.append(verify.path)
                result += verify.query?.templates ?? []
                result += verify.match?.templates ?? []
            }

        case .ensure(let ensure):
            if let parent = ensure.parent { result.append(parent) }
            result += ensure.key.templates
            result += ensure.set?.templates ?? []
            result += ensure.create?.templates ?? []
        case .upload(let upload):
            result += upload.templates
        }
        return result
    }

    /// The ids of the steps this step's expressions read (`steps.<id>`), in order of first use.
    public var referencedSteps: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for reference in templates.flatMap(\.references) where reference.root == "steps" {
            guard case .member(let id)? = reference.components.first, seen.insert(id).inserted else { continue }
            result.append(id)
        }
        return result
    }
}
