import Canvas
import JSONValues
import OrderedCollections

extension ResourceKind {
    /// The enrollment types Canvas knows.
    static let enrollmentTypes = [
        "StudentEnrollment", "TeacherEnrollment", "TaEnrollment", "ObserverEnrollment", "DesignerEnrollment",
    ]

    /// An enrollment of a user in a course or in one of its sections: found by the user (any user id form) and
    /// type among the parent's enrollments; deleted with a `task` (`conclude` by default, as Canvas does); a
    /// concluded, inactive or deleted one is brought back rather than enrolled a second time.
    public static let enrollment = ResourceKind(
        name: "enrollment",
        parentKind: .course,
        alsoIn: [.section],
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField(
                "user_id", .reference, parameter: ["enrollment", "user_id"], writability: .createOnly,
                summary: "the user: an id, sis_user_id:… or sis_login_id:…"),
            ResourceField(
                "type", .choice(enrollmentTypes), parameter: ["enrollment", "type"], writability: .createOnly),
            ResourceField(
                "enrollment_state", .choice(["active", "invited", "inactive"]),
                parameter: ["enrollment", "enrollment_state"]),
            ResourceField(
                "course_section_id", .reference, parameter: ["enrollment", "course_section_id"],
                writability: .replacing, summary: "the section, in a course parent: an id or sis_section_id:…",
                referencePath: { CanvasPath.apiV1("sections", $0) }),
            ResourceField(
                "limit_privileges_to_course_section", .boolean,
                parameter: ["enrollment", "limit_privileges_to_course_section"], writability: .createOnly),
            ResourceField("start_at", .date, parameter: ["enrollment", "start_at"], writability: .createOnly),
            ResourceField("end_at", .date, parameter: ["enrollment", "end_at"], writability: .createOnly),
        ],
        keys: [
            ResourceKey(["user_id", "type"], find: findEnrollment),
            ResourceKey(["user_id"], find: findEnrollment),
            .byListing(["id"], query: ["state": .array(enrollmentStates.map(JSONValue.string))]),
        ],
        deleteOptions: [
            DeleteOption(
                name: "task", values: ["conclude", "delete", "deactivate", "inactivate"], defaultValue: "conclude")
        ],
        endpoints: ResourceEndpoints(
            collection: { parent in
                CanvasPath.apiV1(parent.kind == .section ? "sections" : "courses", parent.idText, "enrollments")
            },
            member: { parent, live throws(ResourceError) in
                try enrollmentMember(parent, live)
            },
            isGone: { live in
                ["completed", "deleted", "rejected"].contains(live["enrollment_state"]?.stringValue ?? "")
            },
            isAbsent: { live, options in
                let state = live["enrollment_state"]?.stringValue ?? ""
                switch options["task"]?.stringValue ?? "conclude" {
                case "delete": return state == "deleted"
                case "deactivate", "inactivate": return ["inactive", "deleted"].contains(state)
                default: return ["completed", "deleted", "rejected"].contains(state)
                }
            },
            customUpdate: updateEnrollment,
            delete: { parent, live, options throws(ResourceError) in
                CanvasRequest(
                    .delete, try enrollmentMember(parent, live), query: ["task": options["task"] ?? "conclude"])
            },
            revival: Revival(field: "enrollment_state", defaultValue: "invited"),
            updateSummary:
                "only `enrollment_state` changes: `PUT /api/v1/courses/:course_id/enrollments/:id/reactivate` "
                + "(inactive to active), `DELETE /api/v1/courses/:course_id/enrollments/:id?task=deactivate` "
                + "(to inactive), or the user enrolled again with `POST /api/v1/sections/:section_id/enrollments`, "
                + "which makes Canvas move that same enrollment (invited, concluded or deleted) to the state asked for"
        )
    )

    /// An enrollment's own URL, which Canvas has only under its course: the course the live enrollment names
    /// when its parent is a section.
    static func enrollmentMember(_ parent: ResourceParent, _ live: JSONValue) throws(ResourceError) -> String {
        let id = try ResourceEndpoints.liveID(live, kind: "enrollment")
        let course =
            parent.kind == .course
            ? parent.idText : try ResourceEndpoints.liveID(live, kind: "enrollment", member: "course_id")
        return CanvasPath.apiV1("courses", course, "enrollments", id)
    }

    /// The states an enrollment lookup asks for: all of them, so that a concluded or deleted enrollment is brought
    /// back rather than doubled (Canvas re-enrolling a user in a section reuses the enrollment it has there).
    static let enrollmentStates = [
        "active", "invited", "creation_pending", "inactive", "completed", "rejected", "deleted",
    ]

    /// Lists the parent's enrollments of the user (and type), preferring a current one over a concluded one.
    @Sendable static func findEnrollment(_ lookup: ResourceLookup) async throws -> JSONValue? {
        var query: JSONValue = [
            "user_id": .string(lookup.text("user_id")),
            "state": .array(enrollmentStates.map(JSONValue.string)),
        ]
        if let type = lookup.key["type"] {
            query.set(.array([FieldType.choice(enrollmentTypes).normalized(type) ?? type]), at: ["type"])
        }
        let enrollments: [JSONValue]
        do {
            enrollments = try await lookup.list(query: query)
        } catch ResourceError.parentNotFound(_, _, _) {
            // Canvas answers 404 for a user it does not know, whom an earlier step of the job may create; the
            // planner then reads the parent to tell that from a parent that does not exist.
            return nil
        }
        let preference = enrollmentStates
        return enrollments.min { first, second in
            let firstRank = preference.firstIndex(of: first["enrollment_state"]?.stringValue ?? "") ?? preference.count
            let secondRank =
                preference.firstIndex(of: second["enrollment_state"]?.stringValue ?? "") ?? preference.count
            return firstRank < secondRank
        }
    }

    /// Changes an enrollment's state the only ways Canvas allows: a `deactivate` delete to inactive, `reactivate`
    /// from inactive to active, and otherwise enrolling the user again in the enrollment's section, which makes
    /// Canvas update that same enrollment (an invitation, a concluded or a deleted one) to the state asked for.
    @Sendable static func updateEnrollment(_ write: ResourceWrite, _ changes: [FieldChange]) async throws -> JSONValue {
        guard let live = write.live else { throw ResourceError.missingID(kind: "enrollment") }
        if let move = changes.first(where: { $0.field == "course_section_id" }) {
            return try await moveEnrollment(write, live: live, to: move.after, changes: changes)
        }
        guard let change = changes.first(where: { $0.field == "enrollment_state" }), changes.count == 1,
            let target = change.after.stringValue
        else {
            throw ResourceError.notUpdatable(kind: "enrollment", field: changes.first?.field ?? "")
        }
        let member = try enrollmentMember(write.parent, live)
        let current = live["enrollment_state"]?.stringValue ?? ""
        let request: CanvasRequest
        switch (current, target) {
        case ("inactive", "active"):
            request = CanvasRequest(.put, member + "/reactivate")
        case (_, "inactive"):
            request = CanvasRequest(.delete, member, query: ["task": "deactivate"])
        case ("active", _):
            throw ResourceError.notUpdatable(kind: "enrollment", field: "enrollment_state")
        default:
            let section = try ResourceEndpoints.liveID(live, kind: "enrollment", member: "course_section_id")
            var body: JSONValue = [:]
            body.set(live["user_id"] ?? .null, at: ["enrollment", "user_id"])
            body.set(live["type"] ?? .null, at: ["enrollment", "type"])
            body.set(.string(target), at: ["enrollment", "enrollment_state"])
            request = CanvasRequest(
                .post, CanvasPath.apiV1("sections", section, "enrollments"), body: .form(body),
                retrySafety: .idempotent)
        }
        var contextual = request
        contextual.context = write.context
        return try await write.client.json(contextual, logger: write.logger)
    }

    /// Puts the user in another section the only way Canvas allows: enrolls them there (with the state asked for,
    /// or the enrollment's own), then deletes the old enrollment; returns the new one.
    static func moveEnrollment(_ write: ResourceWrite, live: JSONValue, to section: JSONValue, changes: [FieldChange])
        async throws -> JSONValue
    {
        guard !section.isNull, !section.interpolated.isEmpty else {
            throw ResourceError.notUpdatable(kind: "enrollment", field: "course_section_id")
        }
        let state =
            changes.first { $0.field == "enrollment_state" }?.after.stringValue
            ?? live["enrollment_state"]?.stringValue ?? "active"
        var body: JSONValue = [:]
        body.set(live["user_id"] ?? .null, at: ["enrollment", "user_id"])
        body.set(live["type"] ?? .null, at: ["enrollment", "type"])
        body.set(
            .string(["active", "invited", "inactive"].contains(state) ? state : "active"),
            at: ["enrollment", "enrollment_state"])
        // Enrolling again in one section reuses the enrollment Canvas has there, so a retry makes no second one.
        var create = CanvasRequest(
            .post, CanvasPath.apiV1("sections", section.interpolated, "enrollments"), body: .form(body),
            retrySafety: .idempotent)
        create.context = write.context
        let moved = try await write.client.json(create, logger: write.logger)
        var delete = CanvasRequest(.delete, try enrollmentMember(write.parent, live), query: ["task": "delete"])
        delete.context = write.context
        _ = try await write.client.send(delete, logger: write.logger)
        return moved
    }
}
