import Foundation
import JSONValues

/// Folders as Canvas keeps them: a root folder per context, made on first use; folders resolved by path
/// (`folders/by_path`); a folder's own files; and where an upload goes (a folder by id or by path, created if
/// missing, or Canvas's `unfiled` folder when the upload names none).
extension SandboxStore {
    /// The context's root folder (`course files`, `my files`), made as Canvas makes it on first use.
    func rootFolder(contextType: String, contextID: Int) -> FolderRecord {
        if let root = state.folders?.values.first(where: {
            $0.contextType == contextType && $0.contextID == contextID && $0.parentFolderID == nil
                && $0.workflowState != "deleted"
        }) {
            return root
        }
        return makeFolder(
            named: FolderRecord.rootName(contextType: contextType), in: (contextType, contextID), parent: nil)
    }

    /// The visible subfolder `name` of `parent`, the oldest if several share it (Canvas allows that).
    func subfolder(named name: String, of parent: FolderRecord) -> FolderRecord? {
        state.folders?.values.filter {
            $0.parentFolderID == parent.id && $0.name == name && $0.workflowState != "deleted"
        }
        .min { $0.id < $1.id }
    }

    /// Canvas's `Folder.resolve_path`: the folders from the root down to `components`, or nil when one is missing.
    func resolveFolders(_ components: [String], contextType: String, contextID: Int) -> [FolderRecord]? {
        var chain = [rootFolder(contextType: contextType, contextID: contextID)]
        for name in components {
            guard let last = chain.last, let next = subfolder(named: name, of: last) else { return nil }
            chain.append(next)
        }
        return chain
    }

    /// Canvas's `Folder.assert_path`: the folder at `path` under the root, each missing folder made; empty
    /// segments are ignored, and a first segment naming the root folder stands for the root.
    func assertFolderPath(_ path: String, contextType: String, contextID: Int) -> FolderRecord {
        var folder = rootFolder(contextType: contextType, contextID: contextID)
        var names = path.split(separator: "/").map(String.init)
        if names.first == folder.name { names.removeFirst() }
        for name in names {
            folder =
                subfolder(named: name, of: folder)
                ?? makeFolder(
                    named: name, in: (contextType, contextID), parent: folder.id)
        }
        return folder
    }

    /// Canvas's `Folder.unfiled_folder`: `unfiled` under the root, where an upload naming no folder goes.
    func unfiledFolder(contextType: String, contextID: Int) -> FolderRecord {
        assertFolderPath("unfiled", contextType: contextType, contextID: contextID)
    }

    private func makeFolder(named name: String, in context: (type: String, id: Int), parent: Int?) -> FolderRecord {
        let folder = FolderRecord(
            id: state.nextID("folder"), contextType: context.type, contextID: context.id, name: name,
            parentFolderID: parent, createdAt: timestamp)
        if state.folders == nil { state.folders = [:] }
        state.folders?[folder.id] = folder
        return folder
    }

    /// The folder's path from the root, root included: `course files/syllabus`.
    func fullName(_ folder: FolderRecord) -> String {
        var names = [folder.name]
        var parent = folder.parentFolderID
        while let id = parent, let next = state.folders?[id] {
            names.insert(next.name, at: 0)
            parent = next.parentFolderID
        }
        return names.joined(separator: "/")
    }

    /// `GET /api/v1/courses/:course_id/folders/by_path/*full_path` (or a user's, or the root without a path).
    func resolveFolderPath(_ call: APICall) throws -> APIResponse {
        let context = try filesContext(call, writing: false)
        let path = call.path("full_path")
        let components =
            path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let chain = resolveFolders(components, contextType: context.type, contextID: context.id)
        // Resolving may have made the root folder: a GET that writes.
        save()
        guard let chain else { throw CanvasAPIError.notFound }
        return .json(.array(chain.map(json)))
    }

    /// `GET /api/v1/folders/:folder_id`.
    func getFolder(_ call: APICall) throws -> APIResponse {
        let folder = try findFolder(call)
        _ = try filesContext(of: folder, call, writing: false)
        return .json(json(folder))
    }

    /// `GET /api/v1/folders/:folder_id/files`: the folder's own files (not its subfolders'), by name; Canvas
    /// refuses a `search_term` shorter than two characters.
    func listFolderFiles(_ call: APICall) throws -> APIResponse {
        let folder = try findFolder(call)
        _ = try filesContext(of: folder, call, writing: false)
        let searchTerm = call.parameters.string("search_term")
        if let searchTerm, searchTerm.count < 2 {
            throw CanvasAPIError.custom(
                status: 400,
                [
                    "errors": [
                        ["field": "search_term", "code": "invalid", "message": "2 or more characters is required"]
                    ]
                ])
        }
        let lowered = searchTerm?.lowercased()
        let files = state.files.values.filter {
            $0.folderID == folder.id && $0.state == "available"
                && (lowered.map($0.displayName.lowercased().contains) ?? true)
        }.sorted { ($0.displayName, $0.id) < ($1.displayName, $1.id) }
        return try paginate(files, call) { json($0) }
    }

    /// Where a preflight's file goes: its context, and its folder (the endpoint's folder, `parent_folder_id`,
    /// `parent_folder_path` made as needed, or `unfiled`).
    func uploadDestination(_ call: APICall) throws -> (type: String, id: Int, folder: FolderRecord) {
        if call.pathParameters["folder_id"] != nil {
            let folder = try findFolder(call)
            let context = try filesContext(of: folder, call, writing: true)
            return (context.type, context.id, folder)
        }
        let context = try filesContext(call, writing: true)
        if call.parameters.has("parent_folder_id"), call.parameters.has("parent_folder_path") {
            throw CanvasAPIError.message(status: 400, "Can't set folder path and folder id")
        }
        if let path = call.parameters.string("parent_folder_path") {
            return (context.type, context.id, assertFolderPath(path, contextType: context.type, contextID: context.id))
        }
        if let id = call.parameters.string("parent_folder_id").flatMap(Int.init),
            let folder = state.folders?[id], folder.workflowState != "deleted",
            folder.contextType == context.type, folder.contextID == context.id
        {
            return (context.type, context.id, folder)
        }
        return (context.type, context.id, unfiledFolder(contextType: context.type, contextID: context.id))
    }

    private func findFolder(_ call: APICall) throws -> FolderRecord {
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("folder_id")), let folder = state.folders?[id],
            folder.workflowState != "deleted"
        else { throw CanvasAPIError.notFound }
        return folder
    }

    /// The course or user whose files the route names, checked as a files endpoint checks it: an admin, or (to
    /// read) someone enrolled in the course, or the user themself.
    private func filesContext(_ call: APICall, writing: Bool) throws -> (type: String, id: Int) {
        if call.pathParameters["course_id"] != nil {
            let course = try findCourse(call.path("course_id"))
            if writing { try requireAdmin(call) } else { try requireCourseAccess(course, call) }
            return ("Course", course.id)
        }
        let user = try findUser(call.path("user_id"), call: call)
        guard user.id == call.currentUserID || isAdmin(call.currentUserID) else { throw CanvasAPIError.notPermitted }
        return ("User", user.id)
    }

    private func filesContext(of folder: FolderRecord, _ call: APICall, writing: Bool) throws -> (
        type: String, id: Int
    ) {
        switch folder.contextType {
        case "Course":
            guard let course = state.courses[folder.contextID] else { throw CanvasAPIError.notFound }
            if writing { try requireAdmin(call) } else { try requireCourseAccess(course, call) }
        default:
            guard folder.contextID == call.currentUserID || isAdmin(call.currentUserID) else {
                throw CanvasAPIError.notPermitted
            }
        }
        return (folder.contextType, folder.contextID)
    }

    /// Canvas's Folder JSON.
    func json(_ folder: FolderRecord) -> JSONValue {
        let files = state.files.values.filter { $0.folderID == folder.id && $0.state == "available" }.count
        let folders =
            state.folders?.values.filter {
                $0.parentFolderID == folder.id && $0.workflowState != "deleted"
            }.count ?? 0
        return [
            "id": .int(folder.id), "name": .string(folder.name), "full_name": .string(fullName(folder)),
            "context_id": .int(folder.contextID), "context_type": .string(folder.contextType),
            "parent_folder_id": folder.parentFolderID.map(JSONValue.int) ?? .null,
            "created_at": .string(folder.createdAt), "updated_at": .string(folder.createdAt), "lock_at": .null,
            "unlock_at": .null, "position": .null, "locked": false, "hidden": false, "locked_for_user": false,
            "hidden_for_user": false, "folders_url": .string("\(currentBaseURL)/api/v1/folders/\(folder.id)/folders"),
            "files_url": .string("\(currentBaseURL)/api/v1/folders/\(folder.id)/files"), "files_count": .int(files),
            "folders_count": .int(folders), "for_submissions": false, "can_upload": true,
        ]
    }
}
