import JSONValues

extension ResourceKind {
    /// A discussion topic (or announcement) of a course: found by title or id; top-level parameters.
    public static let discussionTopic = ResourceKind(
        name: "discussion_topic",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("title", .text, parameter: ["title"]),
            ResourceField("message", .html, parameter: ["message"]),
            ResourceField("discussion_type", .choice(["side_comment", "threaded"]), parameter: ["discussion_type"]),
            ResourceField("published", .boolean, parameter: ["published"]),
            ResourceField("pinned", .boolean, parameter: ["pinned"]),
            ResourceField("locked", .boolean, parameter: ["locked"]),
            ResourceField("delayed_post_at", .date, parameter: ["delayed_post_at"]),
            ResourceField("require_initial_post", .boolean, parameter: ["require_initial_post"]),
            ResourceField("is_announcement", .boolean, parameter: ["is_announcement"], writability: .createOnly),
        ],
        keys: [.byListing(["title"]), .byIDForm("id", prefix: nil)],
        endpoints: .courseContent("discussion_topics", kind: "discussion_topic")
    )
}
