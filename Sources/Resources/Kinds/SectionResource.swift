import Canvas
import JSONValues

extension ResourceKind {
    /// A section of a course: found by SIS id, name or id within the course; written at `/sections/:id`.
    public static let section = ResourceKind(
        name: "section",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("sis_section_id", .text, parameter: ["course_section", "sis_section_id"]),
            ResourceField("integration_id", .text, parameter: ["course_section", "integration_id"]),
            ResourceField("name", .text, parameter: ["course_section", "name"]),
            ResourceField("start_at", .date, parameter: ["course_section", "start_at"]),
            ResourceField("end_at", .date, parameter: ["course_section", "end_at"]),
            ResourceField(
                "restrict_enrollments_to_section_dates", .boolean,
                parameter: ["course_section", "restrict_enrollments_to_section_dates"]),
        ],
        keys: [
            ResourceKey(["sis_section_id"]) { lookup in
                // Through the course, so a section of another course with the same SIS id is not taken.
                try await lookup.fetch(
                    CanvasPath.apiV1(
                        "courses", lookup.parent.idText, "sections", "sis_section_id:" + lookup.text("sis_section_id")))
            },
            .byListing(["name"]),
            .byListing(["id"]),
        ],
        endpoints: ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("courses", parent.idText, "sections") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("sections", try ResourceEndpoints.liveID(live, kind: "section"))
            },
            delete: { _, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete, CanvasPath.apiV1("sections", try ResourceEndpoints.liveID(live, kind: "section")))
            }
        )
    )
}
