public import Canvas
import Foundation
public import JSONValues
public import Logging
public import Resources

/// The folder an upload's file goes in, and how it is read: the files of that folder only are searched for the
/// file's name, so a file of the same name elsewhere in the course is never taken for it.
public enum UploadFolder: Sendable, Hashable {
    /// A folder the endpoint names by id (`/api/v1/folders/:id/files`).
    case id(String)
    /// A folder under a course's, group's or user's root folder: `fullName` such as `course files/syllabus`,
    /// resolved by `byPath`, Canvas's `GET …/folders/by_path/…` (404 when a folder on the path is missing).
    case path(fullName: String, byPath: String)
}

/// What a lookup found: the file, if any, and whether its folder exists yet.
public struct UploadLookup: Sendable, Hashable {
    /// The file of the target's name in the target's folder.
    public var file: JSONValue?
    /// False when the folder is missing, so the file is certainly new (Canvas creates the folder with it).
    public var folderExists: Bool
}

extension UploadTarget {
    /// The folder the file goes in: the endpoint's folder, or `parent_folder_path` under the context's root as
    /// Canvas reads it (empty segments ignored, a first segment naming the root standing for the root), or the root
    /// itself; nil for an endpoint that is not a files endpoint.
    public var folder: UploadFolder? {
        // The context's kind and `files` are literal; the id between them may be a value known after apply,
        // whose description can hold a slash.
        let segments = endpointShape.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard segments.count >= 6, segments[1] == "api", segments[2] == "v1", segments.last == "files" else {
            return nil
        }
        let id = segments[4..<(segments.count - 1)].joined(separator: "/")
        if segments[3] == "folders" { return .id(id) }
        let root = Self.rootFolderName(context: segments[3])
        var names = (parentFolderPath ?? "").split(separator: "/").map(String.init)
        if names.first == root { names.removeFirst() }
        let byPath =
            "/api/v1/\(segments[3])/\(id)/folders/by_path" + names.map { "/" + CanvasPath.encodeSegment($0) }.joined()
        return .path(fullName: ([root] + names).joined(separator: "/"), byPath: byPath)
    }

    /// The name Canvas gives a context's root folder.
    static func rootFolderName(context: String) -> String {
        switch context {
        case "courses": "course files"
        case "users": "my files"
        default: "files"
        }
    }

    /// Looks the file up in its folder: the folder by path (one read per folder, shared through `reads` by every
    /// item that uploads into it), then the folder's files searched by name, the newest of exactly that display
    /// name taken (Canvas's `search_term` matches parts of names, case-insensitively).
    public func lookup(
        client: any CanvasBoundary, logger: Logger, context: CanvasRequestContext, reads: SharedReads?
    ) async throws -> UploadLookup {
        let folderID: String
        switch folder {
        case nil:
            return UploadLookup(file: nil, folderExists: false)
        case .id(let id)?:
            folderID = id
        case .path(_, let byPath)?:
            let fetch: @Sendable () async throws -> JSONValue? = {
                do {
                    let chain = try await client.getAll(
                        CanvasRequest(.get, byPath, context: context), logger: logger)
                    return chain.arrayValue?.last
                } catch let error as CanvasError {
                    if case .notFound = error.kind { return nil }
                    throw error
                }
            }
            let found =
                if let reads { try await reads.value(for: "upload folder " + byPath, fetch: fetch) } else {
                    try await fetch()
                }
            guard let id = found?["id"], !id.isNull else { return UploadLookup(file: nil, folderExists: false) }
            folderID = id.interpolated
        }
        // Canvas refuses a search_term shorter than two characters: such a name is found in the whole listing.
        let query: JSONValue = name.unicodeScalars.count >= 2 ? ["search_term": .string(name)] : [:]
        let files = try await client.getAll(
            CanvasRequest(.get, "/api/v1/folders/\(folderID)/files", query: query, context: context), logger: logger)
        let matches = (files.arrayValue ?? []).filter { $0["display_name"]?.stringValue == name }
        return UploadLookup(
            file: matches.max { ($0["id"]?.intValue ?? 0) < ($1["id"]?.intValue ?? 0) }, folderExists: true)
    }
}
