/// A folder of a course's or user's files (`folders`): each context has one root folder, without a parent, named as
/// Canvas names it (`course files`, `my files`).
struct FolderRecord: Codable, Sendable {
    var id: Int
    var contextType: String
    var contextID: Int
    var name: String
    var parentFolderID: Int?
    var createdAt: String
    var workflowState: String = "visible"

    /// The name Canvas gives a context's root folder.
    static func rootName(contextType: String) -> String {
        switch contextType {
        case "Course": "course files"
        case "User": "my files"
        default: "files"
        }
    }
}
