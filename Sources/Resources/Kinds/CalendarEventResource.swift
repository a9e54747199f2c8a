import Canvas
import Foundation
import JSONValues
import Logging
import OrderedCollections

extension ResourceKind {
    /// A calendar event of a course: found by title (and start) among the course's events.
    ///
    /// Created with the course as `context_code` (`course_<id>`). Canvas reads a context code with a Canvas id
    /// only, so an `in:` given as `sis_course_id:…` is first resolved to the course's id.
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
        keys: [calendarEventKey(["title"]), calendarEventKey(["title", "start_at"]), calendarEventKey(["id"])],
        endpoints: ResourceEndpoints(
            collection: { _ in CanvasPath.apiV1("calendar_events") },
            member: { _, live throws(ResourceError) in
                CanvasPath.apiV1("calendar_events", try ResourceEndpoints.liveID(live, kind: "calendar_event"))
            },
            // Without `all_events`, Canvas lists only today's events.
            listQuery: { parent in ["context_codes": [.string("course_" + parent.idText)], "all_events": true] },
            customCreate: createCalendarEvent,
            delete: { _, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete,
                    CanvasPath.apiV1("calendar_events", try ResourceEndpoints.liveID(live, kind: "calendar_event")))
            }
        )
    )

    /// Finds an event by listing its course's events and matching `fields`, the course named by its Canvas id.
    static func calendarEventKey(_ fields: [String]) -> ResourceKey {
        ResourceKey(fields) { lookup in
            guard let courseID = try await courseID(of: lookup.parent, lookup.client, lookup.context, lookup.logger)
            else { return nil }
            let inCourse = ResourceLookup(
                kind: lookup.kind, parent: ResourceParent(kind: .course, id: .string(courseID)), key: lookup.key,
                client: lookup.client, logger: lookup.logger, context: lookup.context)
            return try inCourse.matching(try await inCourse.list())
        }
    }

    /// Creates the event with `context_code` set to `course_<Canvas id>`.
    @Sendable static func createCalendarEvent(_ write: ResourceWrite, _ fields: OrderedDictionary<String, JSONValue>)
        async throws -> JSONValue
    {
        // A course that cannot be found keeps its id form, so that Canvas's own answer tells what is wrong.
        let courseID = try await courseID(of: write.parent, write.client, write.context, write.logger)
        var body = write.kind.formBody(fields)
        body.set(.string("course_" + (courseID ?? write.parent.idText)), at: ["calendar_event", "context_code"])
        let request = CanvasRequest(
            .post, CanvasPath.apiV1("calendar_events"), body: .form(body), retrySafety: .nonIdempotent,
            verify: {
                try await write.kind.lookup(
                    write.item, client: write.client, logger: write.logger, context: write.context)
            },
            context: write.context
        )
        return try await write.client.json(request, logger: write.logger)
    }

    /// The Canvas id of the course `parent` names: the id as given, or the one Canvas returns for another id form
    /// (`sis_course_id:…`); nil when Canvas has no such course.
    static func courseID(
        of parent: ResourceParent, _ client: any CanvasBoundary, _ context: CanvasRequestContext, _ logger: Logger
    ) async throws -> String? {
        let text = parent.idText.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return text }
        do {
            let course = try await client.json(
                .get(CanvasPath.apiV1("courses", text), context: context), logger: logger)
            return course["id"].flatMap { $0.isNull ? nil : $0.interpolated }
        } catch let error as CanvasError where error.kind.isNotFound {
            return nil
        }
    }
}
