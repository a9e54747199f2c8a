import Diagnostics
import Expressions
import Foundation
import YAML

extension JobDecoding {
    /// An `upload:` mapping: `file:` and `to:` required, `name:`, `parent_folder_path:` and `on_duplicate:`
    /// optional.
    mutating func decodeUpload(_ node: YAMLNode, context: String) -> Step.Kind? {
        guard let uploadNode = node[StepKey.upload.rawValue], let pairs = mapping(uploadNode, what: "'upload'") else {
            return nil
        }
        checkKeys(pairs, allowed: UploadKey.allCases.map(\.rawValue), in: "'upload'")
        guard let fileNode = uploadNode[UploadKey.file.rawValue], let toNode = uploadNode[UploadKey.to.rawValue] else {
            let missing = uploadNode[UploadKey.file.rawValue] == nil ? "file: PATH" : "to: ENDPOINT"
            diagnostics.error(
                "'upload' needs 'file: PATH' (a file next to the job) and 'to: ENDPOINT' (a Canvas files endpoint, "
                    + "like '/api/v1/courses/${{ item.id }}/files'); '\(missing)' is missing",
                at: uploadNode.range.startOnly)
            return nil
        }
        guard let file = template(fileNode, what: "'upload.file'"), let to = template(toNode, what: "'upload.to'")
        else { return nil }
        checkLocalFile(file, at: fileNode.range)
        let isFolderEndpoint = checkFilesEndpoint(to, at: toNode.range)
        var upload = Step.UploadStep(file: file, baseDirectory: baseDirectory, to: to, fileRange: fileNode.range)
        if let nameNode = uploadNode[UploadKey.name.rawValue] {
            upload.name = template(nameNode, what: "'upload.name'")
            if upload.name?.literalText?.trimmingCharacters(in: .whitespaces).isEmpty == true {
                diagnostics.error(
                    "'upload.name' is empty; leave it out to keep the file's own name", at: nameNode.range)
            }
        }
        if let folderNode = uploadNode[UploadKey.parentFolderPath.rawValue] {
            if isFolderEndpoint {
                diagnostics.error(
                    "'parent_folder_path' goes with a course's, group's or user's files endpoint; "
                        + "'/api/v1/folders/:id/files' already names the folder", at: folderNode.range)
            }
            upload.parentFolderPath = template(folderNode, what: "'upload.parent_folder_path'")
        }
        if let duplicateNode = uploadNode[UploadKey.onDuplicate.rawValue],
            let text = string(duplicateNode, what: "'upload.on_duplicate'")
        {
            if let policy = DuplicatePolicy(rawValue: text) {
                upload.onDuplicate = policy
            } else {
                // Said in words rather than as a near spelling: 'replace' is closest to 'rename' but means overwrite.
                diagnostics.error(
                    "'upload.on_duplicate' must be 'overwrite' (the new file replaces the one of that name) or "
                        + "'rename' (Canvas keeps both and renames the new one), not '\(text)'", at: duplicateNode.range
                )
            }
        }
        return .upload(upload)
    }

    /// A static `file:` must name a readable file next to the job; one given by an expression is checked per item.
    private mutating func checkLocalFile(_ file: Template, at range: SourceRange) {
        guard let path = file.literalText else { return }
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            diagnostics.error("'upload.file' is empty: name a file next to the job file", at: range)
            return
        }
        var isDirectory: ObjCBool = false
        let resolved = path.hasPrefix("/") ? path : baseDirectory + "/" + path
        let upload = Step.UploadStep(file: file, baseDirectory: baseDirectory, to: file)
        if !upload.isInsideJobFolder(path) {
            diagnostics.error(
                "cannot upload '\(path)': a job uploads only files in its own folder (or below it)", at: range)
        } else if !FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) {
            diagnostics.error("cannot upload '\(path)': no such file next to the job file", at: range)
        } else if isDirectory.boolValue {
            diagnostics.error("cannot upload '\(path)': it is a folder, not a file", at: range)
        } else if !FileManager.default.isReadableFile(atPath: resolved) {
            diagnostics.error("cannot upload '\(path)': the file is not readable", at: range)
        }
    }

    /// Refuses a `to:` that is not a Canvas files endpoint; returns whether it names a folder's.
    private mutating func checkFilesEndpoint(_ to: Template, at range: SourceRange) -> Bool {
        let shape = to.parts.map { part in
            switch part {
            case .literal(let text): text
            case .expression: "*"
            }
        }.joined()
        guard Step.UploadStep.isFilesEndpoint(shape) else {
            diagnostics.error(
                "'upload.to' must be a Canvas files endpoint: "
                    + Step.UploadStep.contexts.map { "/api/v1/\($0)/:id/files" }.joined(separator: ", ")
                    + "; not '\(to.description)'", at: range)
            return false
        }
        return shape.hasPrefix("/api/v1/folders/")
    }
}
