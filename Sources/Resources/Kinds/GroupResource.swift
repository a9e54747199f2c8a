import Canvas
import JSONValues

extension ResourceKind {
    /// A group in a group set (group category, the `in:`): found by name, SIS id or id; written at
    /// `/groups/:id`.
    public static let group = ResourceKind(
        name: "group",
        parentKind: .groupCategory,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("name", .text, parameter: ["name"]),
            ResourceField("description", .text, parameter: ["description"]),
            ResourceField("sis_group_id", .text, parameter: ["sis_group_id"]),
            ResourceField("is_public", .boolean, parameter: ["is_public"], writability: .createOnly),
            ResourceField(
                "join_level", .choice(["parent_context_auto_join", "parent_context_request", "invitation_only"]),
                parameter: ["join_level"]),
        ],
        keys: [.byListing(["name"]), .byIDForm("sis_group_id", prefix: "sis_group_id"), .byIDForm("id", prefix: nil)],
        endpoints: ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("group_categories", parent.idText, "groups") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("groups", try ResourceEndpoints.liveID(live, kind: "group"))
            },
            delete: { _, live, _ throws(ResourceError) in
                CanvasRequest(.delete, CanvasPath.apiV1("groups", try ResourceEndpoints.liveID(live, kind: "group")))
            }
        )
    )
}
