import JSONValues

extension ResourceKind {
    /// A module of a course: found by name or id; fields under `module[…]`.
    public static let module = ResourceKind(
        name: "module",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("name", .text, parameter: ["module", "name"]),
            ResourceField("position", .integer, parameter: ["module", "position"]),
            ResourceField("unlock_at", .date, parameter: ["module", "unlock_at"]),
            ResourceField(
                "require_sequential_progress", .boolean, parameter: ["module", "require_sequential_progress"]),
            ResourceField("published", .boolean, parameter: ["module", "published"]),
        ],
        keys: [.byListing(["name"]), .byIDForm("id", prefix: nil)],
        endpoints: .courseContent("modules", kind: "module")
    )
}
