import Canvas
import JSONValues

extension ResourceKind {
    /// A calendar event of a course: found by title (and start) among the course's events; created with the
    /// course as `context_code` (`course_<id>`); `in:` should be the course's Canvas id, which Canvas needs in a
    /// context code.
    public static let calendarEvent = ResourceKind(
        name: "calendar_event",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("title", .text, parameter: ["calendar_event", "title"]),
            ResourceField("description", .html, parameter: ["calendar_event", "description"]),
            ResourceField("start_at", .date, parameter: ["calendar_event", "start_at"]),
            ResourceField("end_at", .date, parameter: ["calendar_event", "end_at"]),
            ResourceField("location_name", .text, parameter: ["calendar_event", "location_name"]),
            ResourceField("location_address", .text, parameter: ["calendar_event", "location_address"]),
            ResourceField("all_day", .boolean, parameter: ["calendar_event", "all_day"]),
        ],
        keys: [.byListing(["title"]), .byListing(["title", "start_at"]), .byListing(["id"])],
        endpoints: ResourceEndpoints(
            collection: { _ in CanvasPath.apiV1("calendar_events") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("calendar_events", try ResourceEndpoints.liveID(live, kind: "calendar_event"))
            },
            // Without `all_events`, Canvas lists only today's events.
            listQuery: { parent in ["context_codes": [.string("course_" + parent.idText)], "all_events": true] },
            adjustCreateBody: { body, parent, _ in
                body.set(.string("course_" + parent.idText), at: ["calendar_event", "context_code"])
            },
            delete: { _, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete,
                    CanvasPath.apiV1("calendar_events", try ResourceEndpoints.liveID(live, kind: "calendar_event")))
            }
        )
    )
}
