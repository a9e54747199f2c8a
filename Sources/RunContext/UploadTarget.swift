import Canvas
import Crypto
import Expressions
import Foundation
public import JSONValues
public import JobSpec
import Logging
import OrderedCollections

/// One item of an `upload:` step, resolved: which local file goes where in Canvas under which name, and how it
/// is found again there (by name among its folder's files, its size compared).
public struct UploadTarget: Sendable, Hashable {
    /// The `file:` value as the job gives it (relative to the job file).
    public var file: String
    /// Where the file is on this machine.
    public var localPath: String
    /// The files endpoint the upload's preflight goes to.
    public var endpoint: String
    /// The file's name in Canvas.
    public var name: String
    /// The folder under the context's root, when the job names one (the root itself when it does not).
    public var parentFolderPath: String?
    /// What Canvas does when the name is taken.
    public var onDuplicate: DuplicatePolicy
    /// Whether the endpoint depends on a write of this run (a course it creates).
    public var isUnknown: Bool
    /// The endpoint as a path even when it is known only after apply, its id then described
    /// (`/api/v1/courses/(known after apply: …)/files`): what the folder is read from.
    var endpointShape: String

    /// The plan's name for an uploaded object.
    public static let kindName = "file"

    /// Resolves an upload step for one item.
    public init(_ upload: Step.UploadStep, item: JSONValue?, scope: RunScope) throws(PlanningError) {
        let evaluation = scope.evaluationScope(item: item)
        do {
            let fileValue = try upload.file.evaluateString(in: evaluation, escapingInterpolations: { $0 })
            guard let file = fileValue.stringValue, !file.isEmpty else {
                throw PlanningError(.uploadFileUnnamed(given: fileValue.interpolated))
            }
            guard upload.isInsideJobFolder(file) else { throw PlanningError(.uploadFileOutsideJobFolder(file: file)) }
            let endpoint = try upload.to.evaluateString(
                in: evaluation, escapingInterpolations: CanvasPath.encodeSegment)
            let name = try upload.name?.evaluateString(in: evaluation, escapingInterpolations: { $0 }).stringValue
            let folder = try upload.parentFolderPath?.evaluateString(in: evaluation, escapingInterpolations: { $0 })
                .stringValue
            self.file = file
            self.localPath = upload.localPath(file)
            self.endpoint = endpoint.stringValue ?? endpoint.interpolated
            self.name = name ?? (file as NSString).lastPathComponent
            self.parentFolderPath = folder.flatMap { $0.isEmpty ? nil : $0 }
            self.onDuplicate = upload.onDuplicate
            self.isUnknown = endpoint.isUnknown
            self.endpointShape = endpoint.unknownReason ?? self.endpoint
        } catch let error as PlanningError {
            throw error
        } catch {
            throw PlanningError(.unexpected(error))
        }
    }

    /// The local file's bytes.
    public func contents() throws(PlanningError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: localPath) else {
            throw PlanningError(.uploadFileUnreadable(file: file))
        }
        return Array(data)
    }

    /// The hex SHA-256 of the bytes, which the plan shows so that a saved plan is applied to the file it reviewed.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// The MIME type Canvas is told, from the name's extension.
    public var contentType: String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "txt": "text/plain"
        case "csv": "text/csv"
        case "html", "htm": "text/html"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        default: "application/octet-stream"
        }
    }

    /// The preflight's parameters besides the name, size and type.
    public var preflightParameters: JSONValue {
        var parameters: OrderedDictionary<String, JSONValue> = ["on_duplicate": .string(onDuplicate.rawValue)]
        // Canvas files an upload that names no folder in `unfiled`: the root is named, so the file goes where the
        // lookup looks.
        if case .path? = folder { parameters["parent_folder_path"] = .string(parentFolderPath ?? "/") }
        return .object(parameters)
    }
}
