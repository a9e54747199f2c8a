import JSONValues

extension ResourceKind {
    /// An assignment group of a course: found by name or id; its fields are top-level parameters.
    public static let assignmentGroup = ResourceKind(
        name: "assignment_group",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("name", .text, parameter: ["name"]),
            ResourceField("position", .integer, parameter: ["position"]),
            ResourceField("group_weight", .number, parameter: ["group_weight"]),
            ResourceField("sis_source_id", .text, parameter: ["sis_source_id"]),
        ],
        keys: [.byListing(["name"]), .byIDForm("id", prefix: nil)],
        endpoints: .courseContent("assignment_groups", kind: "assignment_group")
    )
}
