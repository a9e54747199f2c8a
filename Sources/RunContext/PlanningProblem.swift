public import Canvas
public import Expressions
import Foundation
public import Resources

/// What kept a job from being planned, or a step from running, with what it is about as fields.
public enum PlanningProblem: Sendable, CustomStringConvertible {
    /// An input file that cannot be read (`reason`, when the system gave one).
    case inputUnreadable(input: String, path: String, reason: String?)
    /// A JSON input that does not parse.
    case inputNotJSON(input: String, path: String, cause: any Error)
    /// A CSV input that does not parse.
    case inputNotCSV(input: String, path: String, cause: any Error)
    /// A CSV row with more fields than its header.
    case inputRowTooWide(input: String, path: String, row: Int, fields: Int, headerFields: Int)
    /// A plan that cannot be saved.
    case planFileUnwritable(path: String, reason: String)
    /// A plan file that cannot be read.
    case planFileUnreadable(path: String)
    /// A file that is not JSON, so no plan.
    case notAPlanFile(path: String, cause: any Error)
    /// JSON without `format_version`.
    case planFileWithoutVersion
    /// A plan file of a format this Easel does not read.
    case planFileVersion(found: Int, readable: Int)
    /// A plan file header without one of its fields.
    case planHeaderMissing(field: String)
    /// A plan file step without an id.
    case planStepWithoutID
    /// A plan file item without a key.
    case planItemWithoutKey
    /// A plan file item whose action Easel does not know.
    case planActionUnknown(String?)
    /// A step that sends requests has none.
    case stepHasNoRequest
    /// An `ensure` item asked of a step that is not one.
    case notAnEnsureStep
    /// An ensure item written before it was read.
    case itemNotRead
    /// A step whose items are known only from writes that have not happened.
    case itemsUnknown(reason: String)
    /// An expression that cannot be evaluated.
    case evaluation(EvaluationError)
    /// What `ensure:` knows of the kind refuses the item.
    case resource(ResourceError)
    /// Canvas's answer to a read of an `ensure` item.
    case canvas(CanvasError)
    /// A read of a `get:` or `request:` step that failed.
    case readFailed(request: String, cause: any Error)
    /// An ensure step whose `key:`, `set:` or `create:` is not a mapping.
    case ensureFieldsNotMappings
    /// A `for_each:` that is not a list.
    case forEachNotAList(typeName: String)
    /// Items of different objects under one key.
    case duplicateKey(positions: String, key: String)
    /// Rows of one object that want different values.
    case conflictingRows(positions: String, object: String, wanted: [String], kind: String)
    /// An item of a step naming an object another step's item also ensures, with other wishes.
    case sameObject(itemKey: String, identity: String, ownerItemKey: String, ownerStepID: String, wishes: String)
    /// An `upload:` step's `file:` that gives no name.
    case uploadFileUnnamed(given: String)
    /// An `upload:` step's local file outside the job's folder.
    case uploadFileOutsideJobFolder(file: String)
    /// An `upload:` step's local file that cannot be read.
    case uploadFileUnreadable(file: String)
    /// An error with no more specific case.
    case unexpected(any Error)

    public var description: String {
        switch self {
        case .inputUnreadable(let input, let path, let reason):
            "cannot read input '\(input)' from \(path)" + (reason.map { ": \($0)" } ?? "")
        case .inputNotJSON(let input, let path, let cause): "input '\(input)' (\(path)) is not valid JSON: \(cause)"
        case .inputNotCSV(let input, let path, let cause): "input '\(input)' (\(path)) is not valid CSV: \(cause)"
        case .inputRowTooWide(let input, let path, let row, let fields, let headerFields):
            "input '\(input)' (\(path)) row \(row) has \(fields) fields but the header has \(headerFields)"
        case .planFileUnwritable(let path, let reason): "cannot write the plan to \(path): \(reason)"
        case .planFileUnreadable(let path): "cannot read the plan file \(path)"
        case .notAPlanFile(let path, let cause): "\(path) is not a plan file: \(cause)"
        case .planFileWithoutVersion: "this is not an Easel plan file (no format_version)"
        case .planFileVersion(let found, let readable):
            "this plan file has format version \(found); this Easel reads version \(readable)"
        case .planHeaderMissing(let field): "the plan file has no header.\(field)"
        case .planStepWithoutID: "a step of the plan file has no id"
        case .planItemWithoutKey: "an item of the plan file has no key"
        case .planActionUnknown(let action): "unknown action '\(action ?? "none")' in the plan file"
        case .stepHasNoRequest: "the step has no request"
        case .notAnEnsureStep: "not an ensure step"
        case .itemNotRead: "the item was not read before its write"
        case .itemsUnknown(let reason): "its items are not known: \(reason)"
        case .evaluation(let error): error.message
        case .resource(let error): error.description
        case .canvas(let error): error.description
        case .readFailed(let request, let cause): "\(request): \(cause)"
        case .ensureFieldsNotMappings: "key:, set: and create: must be mappings"
        case .forEachNotAList(let typeName): "for_each must give a list, got \(typeName)"
        case .duplicateKey(let positions, let key):
            "\(positions) have the same key '\(key)'; give the step an item_key that tells them apart"
        case .conflictingRows(let positions, let object, let wanted, let kind):
            "\(positions) are the same \(object) but want different values: " + wanted.joined(separator: "; ")
                + ". Keep one row per \(kind): correct the data, or keep the first row of each with "
                + "for_each: ${{ unique_by(LIST, 'FIELD') }}"
        case .sameObject(let itemKey, let identity, let ownerItemKey, let ownerStepID, let wishes):
            "item '\(itemKey)' names the same \(identity) as item '\(ownerItemKey)' of step "
                + "'\(ownerStepID)'\(wishes); keep one row per "
                + "object in the data, or make the steps' when: conditions exclude each other"
        case .uploadFileUnnamed(let given): "'upload.file' gives no file name (\(given))"
        case .uploadFileOutsideJobFolder(let file):
            "cannot upload '\(file)': a job uploads only files in its own folder (or below it)"
        case .uploadFileUnreadable(let file):
            "cannot read '\(file)' for the upload: no such file next to the job file"
        case .unexpected(let error): "\(error)"
        }
    }

    /// Canvas's error, when Canvas's answer (or its silence) is the cause.
    public var canvasCause: CanvasError? {
        switch self {
        case .canvas(let error): error
        case .readFailed(_, let cause): cause as? CanvasError
        default: nil
        }
    }
}
