import Canvas
import JSONValues
import OrderedCollections

extension ResourceKind {
    /// A course in an account: found by SIS id or id; published, concluded and deleted through Canvas's
    /// course events; deleted with `DELETE /courses/:id?event=delete` (or `conclude`).
    public static let course = ResourceKind(
        name: "course",
        parentKind: .account,
        defaultParent: "self",
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("sis_course_id", .text, parameter: ["course", "sis_course_id"]),
            ResourceField("integration_id", .text, parameter: ["course", "integration_id"]),
            ResourceField("name", .text, parameter: ["course", "name"]),
            ResourceField("course_code", .text, parameter: ["course", "course_code"]),
            ResourceField(
                "term_id", .reference, parameter: ["course", "term_id"], liveKeys: ["enrollment_term_id"],
                summary: "the enrollment term, an id or sis_term_id:…",
                referencePath: { CanvasPath.apiV1("accounts", "self", "terms", $0) }),
            ResourceField(
                "account_id", .reference, parameter: ["course", "account_id"],
                referencePath: { CanvasPath.apiV1("accounts", $0) }),
            ResourceField("start_at", .date, parameter: ["course", "start_at"]),
            ResourceField("end_at", .date, parameter: ["course", "end_at"]),
            ResourceField(
                "restrict_enrollments_to_course_dates", .boolean,
                parameter: ["course", "restrict_enrollments_to_course_dates"]),
            ResourceField("time_zone", .timeZone, parameter: ["course", "time_zone"]),
            ResourceField("default_view", .text, parameter: ["course", "default_view"]),
            ResourceField("license", .text, parameter: ["course", "license"]),
            ResourceField("is_public", .boolean, parameter: ["course", "is_public"]),
            ResourceField("locale", .text, parameter: ["course", "locale"]),
            ResourceField(
                "workflow_state", .choice(["unpublished", "available", "completed"]), parameter: ["course", "event"],
                wireWords: ["unpublished": "claim", "available": "offer", "completed": "conclude"],
                summary: "unpublished, available (published) or completed (concluded)"),
        ],
        keys: [
            .byIDForm("sis_course_id", prefix: "sis_course_id"),
            .byIDForm("id", prefix: nil),
        ],
        deleteOptions: [DeleteOption(name: "event", values: ["delete", "conclude"], defaultValue: "delete")],
        endpoints: ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("accounts", parent.idText, "courses") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("courses", try ResourceEndpoints.liveID(live, kind: "course"))
            },
            isAbsent: { live, options in
                let state = live["workflow_state"]?.stringValue
                return state == "deleted" || (options["event"]?.stringValue == "conclude" && state == "completed")
            },
            adjustCreateBody: { body, _, _ in
                // A new course takes `offer=true` to be published at once; the course events are for updates.
                guard var course = body["course"]?.objectValue, course["event"] != nil else { return }
                let event = course.removeValue(forKey: "event")
                body.set(.object(course), at: ["course"])
                if event == "offer" { body.set(true, at: ["offer"]) }
            },
            delete: { _, live, options throws(ResourceError) in
                CanvasRequest(
                    .delete, CanvasPath.apiV1("courses", try ResourceEndpoints.liveID(live, kind: "course")),
                    query: ["event": options["event"] ?? "delete"]
                )
            }
        ),
        // The root account lists every course of the institution, sub-accounts included; deleted ones are left
        // out, as a lookup by SIS id treats them as gone.
        bulkListing: BulkListing(
            path: CanvasPath.apiV1("accounts", "self", "courses"), query: [:], keyField: "sis_course_id")
    )
}
