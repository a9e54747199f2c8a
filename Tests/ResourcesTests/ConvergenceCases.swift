import JSONValues
import OrderedCollections
import Resources

/// One value a convergence case writes, with the fields it needs beside it (a course's dates need
/// `restrict_enrollments_to_course_dates`, a date alone is read in the `time_zone` the item sets).
struct ConvergenceValue: Sendable, CustomStringConvertible {
    let value: JSONValue
    var with: OrderedDictionary<String, JSONValue> = [:]

    var description: String {
        value.serialized() + (with.isEmpty ? "" : " with \(JSONValue.object(with).serialized())")
    }
}

/// How to make objects of one kind on a demo-seeded sandbox, and the values each settable field is tried with.
///
/// `{course}` in a parent is a course made for the test, `{category}` a group category in it; `{group}` in a
/// value is the id of an assignment group of that course; `#` is replaced by a number unique to the case.
struct ConvergenceRecipe: Sendable {
    /// The `in:` of every item.
    var parent: JSONValue?
    /// The key of a new object.
    var key: OrderedDictionary<String, JSONValue>
    /// What every new object needs besides the key (a user's login).
    var base: OrderedDictionary<String, JSONValue> = [:]
    /// The values of each field: a representative one and the edge cases.
    var values: [String: [ConvergenceValue]]
}

/// Values shared by fields of the same type.
enum Edge {
    static func of(_ values: JSONValue...) -> [ConvergenceValue] { values.map { ConvergenceValue(value: $0) } }

    static let text = of("Plain text", "Café 東京 — ünïcödé 🎓", "Fish &amp; Chips <b>not bold</b>", "")
    static let requiredText = of("Plain text", "Café 東京 — ünïcödé 🎓", "Fish &amp; Chips")
    static let boolean = of(true, false, "false", "1", 0)
    static let html = of(
        "<p>Hello <strong>world</strong></p>",
        "<h2>Week 1</h2>\n<ul>\n  <li>Read <a href=\"https://example.edu/a?b=1&amp;c=2\">this</a></li>\n</ul>",
        "<p>Café &amp; crème — 東京</p>",
        "<P CLASS='intro'>Caf&eacute; &#39;n&#x27; cr&egrave;me&nbsp;&mdash; 3 &lt; 4<BR/>next</P>",
        "<p onclick=\"steal()\">Safe<script>alert(1)</script><!-- note --> text</p>", "")

    /// Times with an offset across midnight both ways, in UTC, with fractional seconds, a date alone and a local
    /// time (read in the request's zone), and none (null or empty).
    static let date: [ConvergenceValue] = of(
        "2026-09-01T12:00:00Z", "2026-09-01T00:30:00+02:00", "2026-12-20T23:30:00-06:00", "2026-09-01T12:00:00.750Z",
        "2026-12-20", "2026-12-20T09:15", .null, "")

    /// The same, for a course: its dates need enrollments restricted to them, and a date alone is also tried in a
    /// zone the item sets.
    static let courseDate: [ConvergenceValue] =
        date.map { ConvergenceValue(value: $0.value, with: ["restrict_enrollments_to_course_dates": true]) } + [
            ConvergenceValue(
                value: "2026-12-20",
                with: ["restrict_enrollments_to_course_dates": true, "time_zone": "America/Chicago"]),
            ConvergenceValue(
                value: "2026-03-08T02:30",
                with: ["restrict_enrollments_to_course_dates": true, "time_zone": "America/Chicago"]),
        ]
}

extension ConvergenceRecipe {
    /// The course the test makes for the objects that live in a course.
    static let course = "sis_course_id:CV-HOME"

    /// Every kind's recipe, by kind name.
    static let all: [String: ConvergenceRecipe] = [
        "course": ConvergenceRecipe(
            parent: nil, key: ["sis_course_id": "CV-COURSE-#"], base: ["name": "Convergence"],
            values: [
                "sis_course_id": Edge.of("CV-SIS-Ü-1", "CV SIS 2"),
                "integration_id": Edge.of("int-1", "int-ü-2", ""),
                "name": Edge.requiredText, "course_code": Edge.requiredText,
                "term_id": Edge.of("sis_term_id:2026FA", "sis_term_id:2026SP"),
                "account_id": Edge.of("sis_account_id:ENG", "1"),
                "start_at": Edge.courseDate, "end_at": Edge.courseDate,
                "restrict_enrollments_to_course_dates": Edge.boolean,
                "time_zone": Edge.of("America/Chicago", "Asia/Kolkata", "UTC", "Central Time (US & Canada)"),
                "default_view": Edge.of("modules", "syllabus", "assignments", "feed"),
                "license": Edge.of("private", "cc_by", "public_domain"),
                "is_public": Edge.boolean, "locale": Edge.of("fr", "en-GB", ""),
                "workflow_state": Edge.of("unpublished", "available", "completed"),
            ]),
        "section": ConvergenceRecipe(
            parent: "{course}", key: ["name": "CV section #"],
            values: [
                "sis_section_id": Edge.of("CV-SEC-#", "CV SEC ü #", ""), "integration_id": Edge.of("int-1", ""),
                "name": Edge.of("CV Section Ü", "CV & Section <2>"), "start_at": Edge.date, "end_at": Edge.date,
                "restrict_enrollments_to_section_dates": Edge.boolean,
            ]),
        "user": ConvergenceRecipe(
            parent: nil, key: ["sis_user_id": "cv-user-#"], base: ["login_id": "cv-user-#@example.edu", "name": "CV"],
            values: [
                "sis_user_id": Edge.of("cv-sis-ü-1", "CV-SIS-2"), "login_id": Edge.of("CV-Login-#@Example.edu"),
                "unique_id": Edge.of("cv-unique-#@example.edu"), "integration_id": Edge.of("cv-int-#"),
                "password": Edge.of("Convergence-#-pass"),
                "name": Edge.requiredText, "short_name": Edge.requiredText, "sortable_name": Edge.requiredText,
                "email": Edge.of("Ada.Lovelace@Example.edu", "ünï@example.edu"),
                "time_zone": Edge.of("America/Chicago", "Europe/Berlin", "Eastern Time (US & Canada)"),
                "locale": Edge.of("fr", "es"),
            ]),
        "enrollment": ConvergenceRecipe(
            parent: "{course}", key: ["user_id": "sis_user_id:u0#", "type": "StudentEnrollment"],
            values: [
                "user_id": Edge.of("sis_user_id:u0#"),
                "type": Edge.of("TaEnrollment", "ObserverEnrollment", "DesignerEnrollment", "TeacherEnrollment"),
                "enrollment_state": Edge.of("active", "invited", "inactive"),
                "course_section_id": Edge.of("sis_section_id:CV-HOME-S1"),
                "limit_privileges_to_course_section": Edge.boolean, "start_at": Edge.date, "end_at": Edge.date,
            ]),
        "assignment": ConvergenceRecipe(
            parent: "{course}", key: ["name": "CV assignment #"],
            values: [
                "name": Edge.requiredText, "sis_assignment_id": Edge.of("CV-ASG-#", ""),
                "integration_id": Edge.of("int-#", ""), "description": Edge.html,
                "points_possible": Edge.of(10, 12.5, "7", 0, "0.25"),
                "grading_type": Edge.of("points", "pass_fail", "percent", "letter_grade", "not_graded"),
                "submission_types": Edge.of(
                    ["online_upload", "online_text_entry"], "online_url", ["none"], ["on_paper"]),
                "due_at": Edge.date, "lock_at": Edge.date, "unlock_at": Edge.date,
                "assignment_group_id": Edge.of("{group}"), "position": Edge.of(1, 3),
                "published": Edge.boolean, "omit_from_final_grade": Edge.boolean,
            ]),
        "assignment_group": ConvergenceRecipe(
            parent: "{course}", key: ["name": "CV group #"],
            values: [
                "name": Edge.requiredText, "position": Edge.of(1, 4), "group_weight": Edge.of(10, 12.5, 0, "33.3"),
                "sis_source_id": Edge.of("CV-AG-#", ""),
            ]),
        "calendar_event": ConvergenceRecipe(
            parent: "{course}", key: ["title": "CV event #"],
            values: [
                "title": Edge.requiredText, "description": Edge.html, "start_at": Edge.date, "end_at": Edge.date,
                "location_name": Edge.text, "location_address": Edge.text, "all_day": Edge.of(false, "0"),
            ]),
        "module": ConvergenceRecipe(
            parent: "{course}", key: ["name": "CV module #"],
            values: [
                "name": Edge.requiredText, "position": Edge.of(1, 2), "unlock_at": Edge.date,
                "require_sequential_progress": Edge.boolean, "published": Edge.boolean,
            ]),
        "page": ConvergenceRecipe(
            parent: "{course}", key: ["title": "CV page #"],
            values: [
                "title": Edge.of("CV Page Ü #", "CV page & co #"), "body": Edge.html, "published": Edge.boolean,
                "front_page": Edge.of(false, "0"),
                "editing_roles": Edge.of("teachers", "students", "members", "public", "teachers,students"),
            ]),
        "discussion_topic": ConvergenceRecipe(
            parent: "{course}", key: ["title": "CV topic #"],
            values: [
                "title": Edge.requiredText, "message": Edge.html,
                "discussion_type": Edge.of("side_comment", "threaded"), "published": Edge.boolean,
                "pinned": Edge.boolean, "locked": Edge.boolean, "delayed_post_at": Edge.date,
                "require_initial_post": Edge.boolean, "is_announcement": Edge.of(false, "0"),
            ]),
        "group": ConvergenceRecipe(
            parent: "{category}", key: ["name": "CV group #"],
            values: [
                "name": Edge.requiredText, "description": Edge.text, "sis_group_id": Edge.of("CV-GRP-#", ""),
                "is_public": Edge.of(false, "0"),
                "join_level": Edge.of("invitation_only", "parent_context_auto_join", "parent_context_request"),
            ]),
        "term": ConvergenceRecipe(
            parent: nil, key: ["sis_term_id": "CV-TERM-#"], base: ["name": "CV term"],
            values: [
                "name": Edge.requiredText, "sis_term_id": Edge.of("CV-TERM-Ü-#"), "start_at": Edge.date,
                "end_at": Edge.date,
            ]),
    ]
}
