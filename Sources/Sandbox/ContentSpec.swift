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
    /// The fields Canvas reads from a create or an update (the documented parameters of both, less those that
    /// only steer the request); any other parameter is dropped, as Canvas drops it.
    let fields: Set<String>
    /// Fields read as booleans.
    let booleanFields: Set<String>
    /// Fields read as integers.
    let integerFields: Set<String>
    /// The fields an object starts with.
    let defaults: @Sendable (_ id: Int, _ courseID: Int?, _ now: String) -> JSONValuesObject

    static let assignment = ContentSpec(
        kind: .assignment, wrapper: "assignment", requiredField: "name", createStatus: 201,
        fields: [
            "name", "position", "submission_types", "allowed_extensions", "turnitin_enabled", "vericite_enabled",
            "integration_data", "integration_id", "sis_assignment_id", "peer_reviews", "automatic_peer_reviews",
            "group_category_id", "grade_group_students_individually", "points_possible", "grading_type", "due_at",
            "lock_at", "unlock_at", "description", "assignment_group_id", "only_visible_to_overrides", "published",
            "grading_standard_id", "omit_from_final_grade", "hide_in_gradebook", "moderated_grading", "grader_count",
            "final_grader_id", "grader_comments_visible_to_graders", "graders_anonymous_to_graders",
            "graders_names_visible_to_final_grader", "anonymous_grading", "allowed_attempts",
            "annotatable_attachment_id",
        ],
        booleanFields: [
            "published", "omit_from_final_grade", "only_visible_to_overrides", "turnitin_enabled", "vericite_enabled",
            "peer_reviews", "automatic_peer_reviews", "grade_group_students_individually", "hide_in_gradebook",
            "moderated_grading", "grader_comments_visible_to_graders", "graders_anonymous_to_graders",
            "graders_names_visible_to_final_grader", "anonymous_grading",
        ],
        integerFields: ["assignment_group_id", "position"]
    ) { id, courseID, now in
        [
            "id": .int(id), "name": "", "description": .null, "created_at": .string(now), "updated_at": .string(now),
            "due_at": .null, "lock_at": .null, "unlock_at": .null, "points_possible": 0.0, "grading_type": "points",
            "assignment_group_id": .null, "submission_types": ["none"], "position": 1, "published": false,
            "course_id": courseID.map(JSONValue.int) ?? .null, "sis_assignment_id": .null, "integration_id": .null,
            "workflow_state": "unpublished",
        ]
    }

    static let assignmentGroup = ContentSpec(
        kind: .assignmentGroup, wrapper: nil, requiredField: nil, createStatus: 200,
        fields: ["name", "position", "group_weight", "sis_source_id", "integration_data", "rules"], booleanFields: [],
        integerFields: ["position"]
    ) { id, _, _ in
        [
            "id": .int(id), "name": "Assignments", "position": 1, "group_weight": 0.0, "sis_source_id": .null,
            "integration_data": [:], "rules": [:],
        ]
    }

    static let module = ContentSpec(
        kind: .module, wrapper: "module", requiredField: "name", createStatus: 200,
        fields: [
            "name", "unlock_at", "position", "require_sequential_progress", "prerequisite_module_ids",
            "publish_final_grade", "published",
        ],
        booleanFields: ["published", "require_sequential_progress", "publish_final_grade"],
        integerFields: ["position"]
    ) { id, _, _ in
        [
            "id": .int(id), "name": "", "position": 1, "unlock_at": .null, "require_sequential_progress": false,
            "prerequisite_module_ids": [], "items_count": 0, "published": false, "workflow_state": "unpublished",
        ]
    }

    static let moduleItem = ContentSpec(
        kind: .moduleItem, wrapper: "module_item", requiredField: "type", createStatus: 200,
        fields: [
            "title", "type", "content_id", "position", "indent", "page_url", "external_url", "new_tab",
            "completion_requirement", "published",
        ],
        booleanFields: ["published", "new_tab"],
        integerFields: ["content_id", "position", "indent"]
    ) { id, _, _ in
        [
            "id": .int(id), "module_id": .null, "title": "", "position": 1, "indent": 0, "type": "",
            "content_id": .null, "published": false,
        ]
    }

    static let page = ContentSpec(
        kind: .page, wrapper: "wiki_page", requiredField: "title", createStatus: 200,
        fields: ["title", "body", "editing_roles", "published", "front_page", "publish_at"],
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
        // `locked` is read by the controller (lock or unlock), though the published parameters leave it out.
        fields: [
            "title", "message", "discussion_type", "published", "delayed_post_at", "allow_rating", "lock_at",
            "podcast_enabled", "podcast_has_student_posts", "require_initial_post", "is_announcement", "pinned",
            "locked", "group_category_id", "only_graders_can_rate", "sort_by_rating",
        ],
        booleanFields: [
            "published", "is_announcement", "pinned", "locked", "allow_rating", "podcast_enabled",
            "podcast_has_student_posts", "require_initial_post", "only_graders_can_rate", "sort_by_rating",
        ],
        integerFields: ["position"]
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
        fields: [
            "context_code", "title", "description", "start_at", "end_at", "location_name", "location_address",
            "all_day", "blackout_date",
        ],
        booleanFields: ["all_day", "blackout_date"], integerFields: []
    ) { id, _, now in
        [
            "id": .int(id), "title": "", "start_at": .null, "end_at": .null, "description": .null,
            "location_name": .null,
            "location_address": .null, "context_code": "", "workflow_state": "active", "all_day": false,
            "created_at": .string(now), "updated_at": .string(now),
        ]
    }

    static let groupCategory = ContentSpec(
        kind: .groupCategory, wrapper: nil, requiredField: "name", createStatus: 200,
        fields: ["name", "non_collaborative", "self_signup", "auto_leader", "group_limit", "sis_group_category_id"],
        booleanFields: [],
        integerFields: ["group_limit"]
    ) { id, courseID, _ in
        [
            "id": .int(id), "name": "", "role": .null, "self_signup": .null, "group_limit": .null,
            "context_type": "Course", "course_id": courseID.map(JSONValue.int) ?? .null, "auto_leader": .null,
        ]
    }

    static let group = ContentSpec(
        kind: .group, wrapper: nil, requiredField: "name", createStatus: 200,
        fields: ["name", "description", "is_public", "join_level", "storage_quota_mb", "sis_group_id", "avatar_id"],
        booleanFields: ["is_public"],
        integerFields: ["group_category_id", "storage_quota_mb"]
    ) { id, courseID, _ in
        [
            "id": .int(id), "name": "", "description": .null, "is_public": false, "join_level": "invitation_only",
            "members_count": 0, "group_category_id": .null, "context_type": "Course",
            "course_id": courseID.map(JSONValue.int) ?? .null, "sis_group_id": .null,
        ]
    }
}
