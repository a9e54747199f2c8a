import JSONValues
import OrderedCollections

/// How the sandbox stores one kind of course content: its parameter wrapper, required field and defaults.
struct ContentSpec: Sendable {
    let kind: ContentKind
    /// The parameter key holding the fields (`assignment`, `wiki_page`), or nil for top-level fields.
    let wrapper: String?
    /// The field that must not be blank.
    let requiredField: String?
    /// The create status: 201 for assignments and calendar events, 200 elsewhere.
    let createStatus: Int
    /// Fields read as booleans.
    let booleanFields: Set<String>
    /// Fields read as integers.
    let integerFields: Set<String>
    /// The fields an object starts with.
    let defaults: @Sendable (_ id: Int, _ courseID: Int?, _ now: String) -> JSONValuesObject

    static let assignment = ContentSpec(
        kind: .assignment, wrapper: "assignment", requiredField: "name", createStatus: 201,
        booleanFields: ["published", "omit_from_final_grade", "only_visible_to_overrides"],
        integerFields: ["assignment_group_id", "position"]
    ) { id, courseID, now in
        [
            "id": .int(id), "name": "", "description": .null, "created_at": .string(now), "updated_at": .string(now),
            "due_at": .null, "lock_at": .null, "unlock_at": .null, "points_possible": 0, "grading_type": "points",
            "assignment_group_id": .null, "submission_types": ["none"], "position": 1, "published": false,
            "course_id": courseID.map(JSONValue.int) ?? .null, "sis_assignment_id": .null, "integration_id": .null,
            "workflow_state": "unpublished",
        ]
    }

    static let assignmentGroup = ContentSpec(
        kind: .assignmentGroup, wrapper: nil, requiredField: nil, createStatus: 200, booleanFields: [],
        integerFields: ["position"]
    ) { id, _, _ in
        [
            "id": .int(id), "name": "Assignments", "position": 1, "group_weight": 0, "sis_source_id": .null,
            "integration_data": [:], "rules": [:],
        ]
    }

    static let module = ContentSpec(
        kind: .module, wrapper: "module", requiredField: "name", createStatus: 200,
        booleanFields: ["published", "require_sequential_progress"],
        integerFields: ["position"]
    ) { id, _, _ in
        [
            "id": .int(id), "name": "", "position": 1, "unlock_at": .null, "require_sequential_progress": false,
            "prerequisite_module_ids": [], "items_count": 0, "published": false, "workflow_state": "unpublished",
        ]
    }

    static let moduleItem = ContentSpec(
        kind: .moduleItem, wrapper: "module_item", requiredField: "type", createStatus: 200,
        booleanFields: ["published"],
        integerFields: ["content_id", "position", "indent"]
    ) { id, _, _ in
        [
            "id": .int(id), "module_id": .null, "title": "", "position": 1, "indent": 0, "type": "",
            "content_id": .null, "published": false,
        ]
    }

    static let page = ContentSpec(
        kind: .page, wrapper: "wiki_page", requiredField: "title", createStatus: 200,
        booleanFields: ["published", "front_page"],
        integerFields: []
    ) { id, _, now in
        [
            "page_id": .int(id), "url": "", "title": "", "body": .null, "created_at": .string(now),
            "updated_at": .string(now), "editing_roles": "teachers", "published": false, "front_page": false,
            "hide_from_students": false, "workflow_state": "unpublished",
        ]
    }

    static let discussionTopic = ContentSpec(
        kind: .discussionTopic, wrapper: nil, requiredField: nil, createStatus: 200,
        booleanFields: ["published", "is_announcement", "pinned", "locked"], integerFields: ["position"]
    ) { id, _, now in
        [
            "id": .int(id), "title": "No Title", "message": .null, "posted_at": .string(now),
            "created_at": .string(now),
            "discussion_type": "side_comment", "published": true, "is_announcement": false, "pinned": false,
            "locked": false,
        ]
    }

    static let calendarEvent = ContentSpec(
        kind: .calendarEvent, wrapper: "calendar_event", requiredField: "context_code", createStatus: 201,
        booleanFields: ["all_day"], integerFields: []
    ) { id, _, now in
        [
            "id": .int(id), "title": "", "start_at": .null, "end_at": .null, "description": .null,
            "location_name": .null,
            "location_address": .null, "context_code": "", "workflow_state": "active", "all_day": false,
            "created_at": .string(now), "updated_at": .string(now),
        ]
    }

    static let groupCategory = ContentSpec(
        kind: .groupCategory, wrapper: nil, requiredField: "name", createStatus: 200, booleanFields: [],
        integerFields: ["group_limit"]
    ) { id, courseID, _ in
        [
            "id": .int(id), "name": "", "role": .null, "self_signup": .null, "group_limit": .null,
            "context_type": "Course", "course_id": courseID.map(JSONValue.int) ?? .null, "auto_leader": .null,
        ]
    }

    static let group = ContentSpec(
        kind: .group, wrapper: nil, requiredField: "name", createStatus: 200, booleanFields: ["is_public"],
        integerFields: ["group_category_id"]
    ) { id, courseID, _ in
        [
            "id": .int(id), "name": "", "description": .null, "is_public": false, "join_level": "invitation_only",
            "members_count": 0, "group_category_id": .null, "context_type": "Course",
            "course_id": courseID.map(JSONValue.int) ?? .null, "sis_group_id": .null,
        ]
    }
}
