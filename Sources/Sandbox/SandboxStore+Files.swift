import Foundation
import JSONValues
import OrderedCollections

/// Canvas's three-step file upload (CANVAS-API.md section 7): preflight on the API, the upload itself on another
/// port without the token, then a confirmation back on the API.
extension SandboxStore {
    /// How long an upload's signature stays valid, in seconds (30 minutes unless configured).
    var uploadLifetime: Double {
        let components = configuration.uploadLifetime.components
        return Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Step 1: `POST /api/v1/courses/:course_id/files` (or a user's or a folder's files): a pending file and where
    /// to send it.
    func preflightUpload(_ call: APICall) throws -> APIResponse {
        let context = try uploadDestination(call)
        guard let name = call.parameters.string("name"), !name.isEmpty else {
            throw CanvasAPIError.parameterMissing("name")
        }
        let contentType =
            call.parameters.string("content_type").flatMap { $0.isEmpty ? nil : $0 }
            ?? "application/octet-stream"
        let file = FileRecord(
            id: state.nextID("file"), contextType: context.type, contextID: context.id, displayName: name,
            filename: name, contentType: contentType,
            size: call.parameters.string("size").flatMap { Int($0) } ?? 0,
            folderPath: fullName(context.folder), folderID: context.folder.id, uuid: newUUID(),
            createdAt: timestamp, updatedAt: timestamp, expiresAt: now + uploadLifetime,
            onDuplicate: call.parameters.string("on_duplicate")
        )
        state.files[file.id] = file
        return .json([
            "upload_url": .string("\(uploadBaseURL)/upload/\(file.id)"),
            "upload_params": .object(uploadParameters(file)),
            "file_param": "file",
        ])
    }

    /// The signed, opaque parameters a client must send back unchanged with the upload.
    func uploadParameters(_ file: FileRecord) -> JSONValuesObject {
        let expires = String(Int(file.expiresAt))
        return [
            "filename": .string(file.filename), "content_type": .string(file.contentType),
            "key": .string("attachments/\(file.id)/\(file.filename)"), "expires": .string(expires),
            "signature": .string(signature(file, expires: expires)),
        ]
    }

    private func signature(_ file: FileRecord, expires: String) -> String {
        // FNV-1a over the fields and the sandbox's secret: enough to notice a changed parameter.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(file.id)|\(file.filename)|\(file.contentType)|\(expires)|\(uploadSecret)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    /// Step 2, on the upload port: checks the request, stores the bytes, and answers with a redirect to the
    /// confirmation URL (or 201 Created, as configured).
    func receiveUpload(fileID: Int, contentType: String?, body: [UInt8], carriesToken: Bool) -> APIResponse {
        func refuse(_ status: Int, _ message: String) -> APIResponse {
            .json(["errors": [["message": .string(message)]]], status: status)
        }
        if carriesToken {
            return refuse(400, "The upload URL does not take an access token; send the upload without one.")
        }
        guard var file = state.files[fileID], file.state == "pending" else {
            return refuse(404, "No pending upload with this URL.")
        }
        guard now <= file.expiresAt else { return refuse(400, "The upload signature has expired.") }
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
            let parts = MultipartForm.parse(body: body, contentType: contentType)
        else { return refuse(400, "The upload must be multipart/form-data.") }
        guard let last = parts.last, last.name == "file" else {
            return refuse(400, "The file must be the last part of the upload.")
        }
        let sent = parts.dropLast()
        let expected = uploadParameters(file)
        var received: [String: String] = [:]
        for part in sent { received[part.name] = String(decoding: part.body, as: UTF8.self) }
        let expectedText = expected.mapValues { $0.stringValue ?? "" }
        guard sent.count == expected.count, received == Dictionary(uniqueKeysWithValues: expectedText.map { $0 })
        else { return refuse(400, "The upload parameters were added, removed or changed.") }
        file.contents = last.body
        file.size = last.body.count
        file.updatedAt = timestamp
        switch configuration.uploadConfirmation {
        case .redirect:
            file.state = "uploaded"
            state.files[file.id] = file
            save()
            var response = APIResponse(status: 302)
            response.headers.append(
                ("Location", "\(currentBaseURL)/api/v1/files/\(file.id)/create_success?uuid=\(file.uuid)"))
            return response
        case .created:
            file.state = "available"
            state.files[file.id] = file
            handleDuplicates(of: file.id)
            save()
            var response = APIResponse.json(json(file), status: 201)
            response.headers.append(("Location", "\(currentBaseURL)/api/v1/files/\(file.id)"))
            return response
        }
    }

    /// Step 3: `GET /api/v1/files/:id/create_success?uuid=…` with the token makes the file available.
    func confirmUpload(_ call: APICall) throws -> APIResponse {
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("file_id")), var file = state.files[id],
            call.parameters.string("uuid") == file.uuid, file.state != "pending"
        else { throw CanvasAPIError.notFound }
        file.state = "available"
        state.files[id] = file
        handleDuplicates(of: id)
        // A GET that writes: the store saves only after other methods on its own.
        save()
        return .json(json(file))
    }

    /// Canvas's `on_duplicate` once a file becomes available: `overwrite` (the default) deletes the other files of
    /// that name in its folder; `rename` gives the new one a free name (`syllabus-1.pdf`).
    private func handleDuplicates(of id: Int) {
        guard var file = state.files[id] else { return }
        let others = state.files.values.filter {
            $0.id != id && $0.state == "available" && $0.contextType == file.contextType
                && $0.contextID == file.contextID && $0.folderID == file.folderID && $0.folderPath == file.folderPath
        }
        guard others.contains(where: { $0.displayName == file.displayName }) else { return }
        if file.onDuplicate == "rename" {
            let taken = Set(others.map(\.displayName))
            let name = file.displayName as NSString
            let (base, ext) = (name.deletingPathExtension, name.pathExtension.isEmpty ? "" : "." + name.pathExtension)
            var number = 1
            while taken.contains("\(base)-\(number)\(ext)") { number += 1 }
            file.displayName = "\(base)-\(number)\(ext)"
            state.files[id] = file
        } else {
            for other in others where other.displayName == file.displayName { state.files[other.id]?.state = "deleted" }
        }
        save()
    }

    /// `GET /api/v1/files/:id`: only files whose upload was confirmed.
    func getFile(_ call: APICall) throws -> APIResponse {
        guard case .canvasID(let id) = CanvasIDForm(parsing: call.path("file_id")), let file = state.files[id],
            file.state == "available"
        else { throw CanvasAPIError.notFound }
        return .json(json(file))
    }

    /// `GET /api/v1/courses/:course_id/files`.
    func listCourseFiles(_ call: APICall) throws -> APIResponse {
        let course = try findCourse(call.path("course_id"))
        try requireCourseAccess(course, call)
        let searchTerm = call.parameters.string("search_term")?.lowercased()
        let files = state.files.values.filter {
            $0.contextType == "Course" && $0.contextID == course.id && $0.state == "available"
                && (searchTerm.map($0.displayName.lowercased().contains) ?? true)
        }.sorted { $0.id < $1.id }
        return try paginate(files, call) { json($0) }
    }

    /// The bytes of an available file, for its download URL, if `verifier` matches.
    func download(fileID: Int, verifier: String?) -> FileRecord? {
        guard let file = state.files[fileID], file.state == "available", verifier == file.uuid else { return nil }
        return file
    }

    /// Canvas's File JSON.
    func json(_ file: FileRecord) -> JSONValue {
        [
            "id": .int(file.id), "uuid": .string(file.uuid), "folder_id": file.folderID.map(JSONValue.int) ?? .null,
            "display_name": .string(file.displayName), "filename": .string(file.filename),
            "upload_status": "success", "content-type": .string(file.contentType),
            "url": .string("\(currentBaseURL)/files/\(file.id)/download?download_frd=1&verifier=\(file.uuid)"),
            "size": .int(file.size), "created_at": .string(file.createdAt), "updated_at": .string(file.updatedAt),
            "unlock_at": .null, "locked": false, "hidden": false, "lock_at": .null, "hidden_for_user": false,
            "thumbnail_url": .null, "modified_at": .string(file.updatedAt), "mime_class": "file",
            "media_entry_id": .null, "locked_for_user": false,
        ]
    }
}
