import Canvas
import JSONValues
import OrderedCollections

extension ResourceKind {
    /// A wiki page of a course: found by title, url or page id; addressed by its `url`.
    ///
    /// Fields go under `wiki_page[…]`. Canvas's page list leaves out the body, so a page found by title is
    /// read again.
    public static let page = ResourceKind(
        name: "page",
        parentKind: .course,
        fields: [
            ResourceField("page_id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("url", .text, parameter: [], writability: .lookupOnly),
            ResourceField("title", .text, parameter: ["wiki_page", "title"]),
            ResourceField("body", .html, parameter: ["wiki_page", "body"]),
            ResourceField("published", .boolean, parameter: ["wiki_page", "published"]),
            ResourceField("front_page", .boolean, parameter: ["wiki_page", "front_page"]),
            ResourceField(
                "editing_roles", .text, parameter: ["wiki_page", "editing_roles"],
                summary: "teachers, students, members or public, comma-separated"),
        ],
        keys: [
            ResourceKey(["title"]) { lookup in
                guard let summary = try lookup.matching(try await lookup.list()) else { return nil }
                return try await lookup.fetch(try lookup.kind.endpoints.member(lookup.parent, summary))
            },
            ResourceKey(["url"]) { lookup in
                try await lookup.fetch(
                    try lookup.kind.endpoints.member(lookup.parent, ["url": lookup.key["url"] ?? ""]))
            },
            ResourceKey(["page_id"]) { lookup in
                try await lookup.fetch(
                    try lookup.kind.endpoints.member(lookup.parent, ["url": lookup.key["page_id"] ?? ""]))
            },
        ],
        endpoints: .courseContent("pages", kind: "page", member: "url")
    )
}
