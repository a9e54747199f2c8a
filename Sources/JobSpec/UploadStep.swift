public import Diagnostics
public import Expressions
import Foundation

extension Step {
    /// An `upload:` step: a local file sent to a Canvas files endpoint in Canvas's three steps.
    public struct UploadStep: Sendable, Hashable {
        /// The local file, relative to the job file's folder (`file:`).
        public var file: Template
        /// The folder `file` is relative to: the job file's.
        public var baseDirectory: String
        /// The Canvas files endpoint the file goes to (`to:`), such as `/api/v1/courses/42/files`.
        public var to: Template
        /// The file's name in Canvas (`name:`); the local file's base name when absent.
        public var name: Template?
        /// The folder under the context's root the file goes in (`parent_folder_path:`), created if missing.
        public var parentFolderPath: Template?
        /// What Canvas does when the name is taken in the folder (`on_duplicate:`).
        public var onDuplicate: DuplicatePolicy
        /// Where `file:` is written.
        public var fileRange: SourceRange?

        /// An upload step.
        public init(
            file: Template, baseDirectory: String, to: Template, name: Template? = nil,
            parentFolderPath: Template? = nil, onDuplicate: DuplicatePolicy = .overwrite, fileRange: SourceRange? = nil
        ) {
            self.file = file
            self.baseDirectory = baseDirectory
            self.to = to
            self.name = name
            self.parentFolderPath = parentFolderPath
            self.onDuplicate = onDuplicate
            self.fileRange = fileRange
        }

        /// Every template of the step, in document order.
        public var templates: [Template] {
            [file, to] + [name, parentFolderPath].compactMap { $0 }
        }

        /// The local path of `file` as evaluated for an item: relative paths resolved against the job's folder.
        public func localPath(_ file: String) -> String {
            file.hasPrefix("/") ? file : baseDirectory + "/" + file
        }

        /// Whether `file` names a file inside the job's folder (or below it), links followed. A reviewed job may only
        /// send Canvas what sits beside it: never a token file, a key or anything else on the machine.
        public func isInsideJobFolder(_ file: String) -> Bool {
            let folder = URL(fileURLWithPath: baseDirectory).standardizedFileURL.resolvingSymlinksInPath().path
            let path = URL(fileURLWithPath: localPath(file)).standardizedFileURL.resolvingSymlinksInPath().path
            return path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
        }

        /// The contexts whose files endpoint an upload may name: `/api/v1/CONTEXT/ID/files`.
        public static let contexts = ["courses", "groups", "users", "folders"]

        /// Whether `path` (with `*` standing for each expression) is a files endpoint an upload may name.
        public static func isFilesEndpoint(_ path: String) -> Bool {
            let segments = path.split(separator: "/", omittingEmptySubsequences: false)
            guard segments.count == 6, segments[0].isEmpty, segments[1] == "api", segments[2] == "v1",
                contexts.contains(String(segments[3])), !segments[4].isEmpty, segments[5] == "files"
            else { return false }
            return true
        }
    }
}
