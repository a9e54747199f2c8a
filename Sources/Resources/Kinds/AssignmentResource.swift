import Canvas
import JSONValues

extension ResourceKind {
    /// An assignment of a course: found by name, SIS id or id; fields under `assignment[…]`.
    public static let assignment = ResourceKind(
        name: "assignment",
        parentKind: .course,
        fields: [
            ResourceField("id", .integer, parameter: [], writability: .lookupOnly),
            ResourceField("name", .text, parameter: ["assignment", "name"]),
            ResourceField("sis_assignment_id", .text, parameter: ["assignment", "sis_assignment_id"]),
            ResourceField("integration_id", .text, parameter: ["assignment", "integration_id"]),
            ResourceField("description", .html, parameter: ["assignment", "description"]),
            ResourceField("points_possible", .number, parameter: ["assignment", "points_possible"]),
            ResourceField(
                "grading_type", .choice(["pass_fail", "percent", "letter_grade", "gpa_scale", "points", "not_graded"]),
                parameter: ["assignment", "grading_type"]),
            ResourceField("submission_types", .wordList, parameter: ["assignment", "submission_types"]),
            ResourceField("due_at", .date, parameter: ["assignment", "due_at"]),
            ResourceField("lock_at", .date, parameter: ["assignment", "lock_at"]),
            ResourceField("unlock_at", .date, parameter: ["assignment", "unlock_at"]),
            ResourceField("assignment_group_id", .reference, parameter: ["assignment", "assignment_group_id"]),
            ResourceField("position", .integer, parameter: ["assignment", "position"]),
            ResourceField("published", .boolean, parameter: ["assignment", "published"]),
            ResourceField("omit_from_final_grade", .boolean, parameter: ["assignment", "omit_from_final_grade"]),
        ],
        keys: [
            .byListing(["name"]),
            .byIDForm("sis_assignment_id", prefix: "sis_assignment_id"),
            .byIDForm("id", prefix: nil),
        ],
        endpoints: .courseContent("assignments", kind: "assignment")
    )
}
