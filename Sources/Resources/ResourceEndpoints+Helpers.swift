import Canvas
import JSONValues

extension ResourceEndpoints {
    /// The text of the live object's `member` (its `id`, or a page's `url`), for a path segment.
    static func liveID(_ live: JSONValue, kind: String, member: String = "id") throws(ResourceError) -> String {
        guard let value = live[member], !value.isNull, !value.interpolated.isEmpty else {
            throw .missingID(kind: kind)
        }
        return value.interpolated
    }

    /// A kind whose objects live at `/api/v1/courses/:course/<collection>/:id`, deleted by a DELETE there.
    static func courseContent(_ collection: String, kind: String, member: String = "id") -> ResourceEndpoints {
        ResourceEndpoints(
            collection: { parent in CanvasPath.apiV1("courses", parent.idText, collection) },
            member: { parent, live throws(ResourceError) in
                CanvasPath.apiV1("courses", parent.idText, collection, try liveID(live, kind: kind, member: member))
            },
            delete: { parent, live, _ throws(ResourceError) in
                CanvasRequest(
                    .delete,
                    CanvasPath.apiV1("courses", parent.idText, collection, try liveID(live, kind: kind, member: member))
                )
            }
        )
    }
}
