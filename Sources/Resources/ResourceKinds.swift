import Diagnostics

/// Every kind of Canvas object `ensure:` knows, by name.
public enum ResourceKinds {
    /// All kinds, in the order the documentation lists them.
    public static let all: [ResourceKind] = [
        .course, .section, .user, .enrollment, .assignment, .assignmentGroup, .calendarEvent, .module, .page,
        .discussionTopic, .group, .term,
    ]

    /// The names `ensure:` accepts.
    public static var names: [String] { all.map(\.name) }

    /// The kind called `name`; an unknown name throws with a suggestion.
    public static func named(_ name: String) throws(ResourceError) -> ResourceKind {
        guard let kind = all.first(where: { $0.name == name }) else {
            throw .unknownKind(name, suggestion: suggestion(for: name, among: names))
        }
        return kind
    }
}
