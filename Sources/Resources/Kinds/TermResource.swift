import Canvas
import JSONValues

extension ResourceKind {
    /// An enrollment term of an account: found by SIS id, name or id; fields under `enrollment_term[…]`.
    public static let term = ResourceKind(
        name: "term",
        parentKind: .account,
        defaultParent: "self",
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("name", .text, parameter: ["enrollment_term", "name"]),
            ResourceField("sis_term_id", .text, parameter: ["enrollment_term", "sis_term_id"]),
            ResourceField("start_at", .date, parameter: ["enrollment_term", "start_at"]),
            ResourceField("end_at", .date, parameter: ["enrollment_term", "end_at"]),
        ],
        keys: [.byIDForm("sis_term_id", prefix: "sis_term_id"), .byListing(["name"]), .byIDForm("id", prefix: nil)],
        endpoints: ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("accounts", parent.idText, "terms") },
            member: { parent, live throws(ResourceError) in
                CanvasPath.apiV1("accounts", parent.idText, "terms", try ResourceEndpoints.liveID(live, kind: "term"))
            },
            listWrapper: "enrollment_terms",
            delete: { parent, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete,
                    CanvasPath.apiV1(
                        "accounts", parent.idText, "terms", try ResourceEndpoints.liveID(live, kind: "term")))
            }
        )
    )
}
