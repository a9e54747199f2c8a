import Diagnostics
import Foundation
import JobSpec
import Testing

/// What `easel validate` refuses in an `upload:` step, each problem at its `file:line:col`.
@Suite struct UploadValidationTests {
    /// The errors of a job whose only step is `upload` (the lines after `upload:`, indented under it) and `extra`
    /// step keys, in a folder holding `syllabus.pdf`.
    static func errors(upload lines: [String], extra: [String] = []) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("easel-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("%PDF-1.4\n".utf8).write(to: folder.appendingPathComponent("syllabus.pdf"))
        let text =
            (["easel: 1", "name: uploads", "steps:", "  - id: syllabus"] + extra.map { "    " + $0 } + ["    upload:"]
            + lines.map { "      " + $0 }).joined(separator: "\n") + "\n"
        do {
            _ = try StepGraph(
                try JobFileDecoder().decode(SourceFile(path: "job.yaml", text: text), baseDirectory: folder.path))
            return []
        } catch {
            return error.diagnostics.filter { $0.severity == .error }.map(\.description)
        }
    }

    static let to = "to: /api/v1/courses/42/files"

    @Test func aCompleteUploadStepIsValid() throws {
        #expect(
            try Self.errors(upload: [
                "file: syllabus.pdf", Self.to, "name: Syllabus.pdf", "parent_folder_path: syllabus",
                "on_duplicate: rename",
            ]) == [])
    }

    @Test func aMissingFileOrToIsRefusedAtTheUploadMapping() throws {
        #expect(
            try Self.errors(upload: [Self.to]) == [
                "job.yaml:6:7: error: 'upload' needs 'file: PATH' (a file next to the job) and 'to: ENDPOINT' (a "
                    + "Canvas files endpoint, like '/api/v1/courses/${{ item.id }}/files'); 'file: PATH' is missing"
            ])
        #expect(
            try Self.errors(upload: ["file: syllabus.pdf"]) == [
                "job.yaml:6:7: error: 'upload' needs 'file: PATH' (a file next to the job) and 'to: ENDPOINT' (a "
                    + "Canvas files endpoint, like '/api/v1/courses/${{ item.id }}/files'); 'to: ENDPOINT' is missing"
            ])
    }

    @Test func aFileThatIsNotThereIsRefusedAtItsPath() throws {
        #expect(
            try Self.errors(upload: ["file: syllabus-2027.pdf", Self.to]) == [
                "job.yaml:6:13: error: cannot upload 'syllabus-2027.pdf': no such file next to the job file"
            ])
    }

    @Test func aFileOutsideTheJobsFolderIsRefusedAtItsPath() throws {
        // A reviewed job may only send what sits beside it, never a token file or anything else on the machine.
        #expect(
            try Self.errors(upload: ["file: /etc/hostname", Self.to]) == [
                "job.yaml:6:13: error: cannot upload '/etc/hostname': a job uploads only files in its own folder "
                    + "(or below it)"
            ])
        #expect(
            try Self.errors(upload: ["file: ../syllabus.pdf", Self.to]) == [
                "job.yaml:6:13: error: cannot upload '../syllabus.pdf': a job uploads only files in its own folder "
                    + "(or below it)"
            ])
    }

    @Test func anUnknownKeyIsRefusedAtTheKey() throws {
        let errors = try Self.errors(upload: ["file: syllabus.pdf", Self.to, "folder: syllabus"])
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("job.yaml:8:7: error: ") == true, "\(errors)")
        #expect(errors.first?.contains("'folder'") == true, "\(errors)")
    }

    @Test func queryAndAsUserIDAreRefusedOnAnUploadStep() throws {
        let errors = try Self.errors(
            upload: ["file: syllabus.pdf", Self.to],
            extra: ["query: { search_term: syllabus }", "as_user_id: sis_user_id:teacher-1"])
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.contains { $0.hasPrefix("job.yaml:5:5: error: ") && $0.contains("'query' belongs to") })
        #expect(
            errors.contains(
                "job.yaml:6:17: error: 'as_user_id' is not supported on an 'upload' step: the file goes in as the "
                    + "token's user"), "\(errors)")
    }

    @Test func aBadOnDuplicateIsRefusedAtItsValue() throws {
        let errors = try Self.errors(upload: ["file: syllabus.pdf", Self.to, "on_duplicate: replace"])
        #expect(
            errors == [
                "job.yaml:8:21: error: 'upload.on_duplicate' must be 'overwrite' (the new file replaces the one of "
                    + "that name) or 'rename' (Canvas keeps both and renames the new one), not 'replace'"
            ],
            "\(errors)")
    }

    @Test func aToThatIsNotAFilesEndpointIsRefusedAtIt() throws {
        let errors = try Self.errors(upload: ["file: syllabus.pdf", "to: /api/v1/courses/42/assignments"])
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.hasPrefix("job.yaml:7:11: error: 'upload.to' must be a Canvas files endpoint") == true)
    }

    @Test func aFolderEndpointTakesNoParentFolderPath() throws {
        let errors = try Self.errors(
            upload: ["file: syllabus.pdf", "to: /api/v1/folders/7/files", "parent_folder_path: syllabus"])
        #expect(
            errors == [
                "job.yaml:8:27: error: 'parent_folder_path' goes with a course's, group's or user's files endpoint; "
                    + "'/api/v1/folders/:id/files' already names the folder"
            ], "\(errors)")
    }
}
