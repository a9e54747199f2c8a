import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct ParameterMappingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let kind: String
        let fields: OrderedDictionary<String, JSONValue>
        let body: JSONValue
        var testDescription: String { "\(kind) \(fields.keys.joined(separator: ","))" }
    }

    static let cases: [Case] = [
        Case(
            kind: "course", fields: ["name": "Statics", "term_id": 7, "sis_course_id": "ENG-110"],
            body: ["course": ["name": "Statics", "term_id": 7, "sis_course_id": "ENG-110"]]),
        Case(kind: "course", fields: ["workflow_state": "available"], body: ["course": ["event": "offer"]]),
        Case(kind: "course", fields: ["workflow_state": "completed"], body: ["course": ["event": "conclude"]]),
        Case(
            kind: "course", fields: ["start_at": "2026-08-24T11:00:00+02:00", "is_public": "true"],
            body: ["course": ["start_at": "2026-08-24T09:00:00Z", "is_public": true]]),
        Case(
            kind: "user", fields: ["name": "Li Chen", "login_id": "lchen26", "sis_user_id": "S26-1001"],
            body: ["user": ["name": "Li Chen"], "pseudonym": ["unique_id": "lchen26", "sis_user_id": "S26-1001"]]),
        Case(
            kind: "enrollment", fields: ["user_id": "sis_user_id:S26-1001", "type": "studentenrollment"],
            body: ["enrollment": ["user_id": "sis_user_id:S26-1001", "type": "StudentEnrollment"]]),
        Case(kind: "section", fields: ["name": "Lab A"], body: ["course_section": ["name": "Lab A"]]),
        Case(
            kind: "assignment", fields: ["points_possible": "100", "submission_types": "online_upload"],
            body: ["assignment": ["points_possible": 100, "submission_types": ["online_upload"]]]),
        Case(
            kind: "page", fields: ["title": "Welcome", "body": "<p>Hi</p>"],
            body: ["wiki_page": ["title": "Welcome", "body": "<p>Hi</p>"]]),
        Case(
            kind: "assignment_group", fields: ["name": "Labs", "group_weight": "25"],
            body: ["name": "Labs", "group_weight": 25]),
        Case(kind: "term", fields: ["name": "Fall 2026"], body: ["enrollment_term": ["name": "Fall 2026"]]),
        Case(kind: "module", fields: ["published": 1], body: ["module": ["published": true]]),
        Case(kind: "calendar_event", fields: ["title": "Exam"], body: ["calendar_event": ["title": "Exam"]]),
    ]

    @Test(arguments: cases)
    func fieldsBecomeCanvasFormParameters(_ example: Case) throws {
        #expect(try ResourceKinds.named(example.kind).formBody(example.fields) == example.body)
    }

    @Test func aPlannedCreateCarriesTheKeyAndTheSetFields() throws {
        let item = EnsureItem(
            parent: "sis_account_id:ENG", key: ["sis_course_id": "ENG-110-FA26"],
            set: ["name": "Statics", "course_code": "ENG 110"])
        let action = try ResourceKind.course.plannedAction(for: item, live: nil)
        #expect(
            action == .create(fields: ["sis_course_id": "ENG-110-FA26", "name": "Statics", "course_code": "ENG 110"]))
    }

    @Test func anAbsentEnrollmentIsConcludedUnlessTheStepSetsATask() throws {
        let live: JSONValue = ["id": 9, "enrollment_state": "active"]
        let concluded = EnsureItem(parent: "1", key: ["user_id": "5"], state: .absent)
        #expect(
            try ResourceKind.enrollment.plannedAction(for: concluded, live: live)
                == .delete(options: ["task": "conclude"]))
        let deleted = EnsureItem(parent: "1", key: ["user_id": "5"], set: ["task": "delete"], state: .absent)
        #expect(
            try ResourceKind.enrollment.plannedAction(for: deleted, live: live) == .delete(options: ["task": "delete"]))
        let alreadyConcluded: JSONValue = ["id": 9, "enrollment_state": "completed"]
        #expect(try ResourceKind.enrollment.plannedAction(for: concluded, live: alreadyConcluded) == .unchanged)
        #expect(
            try ResourceKind.enrollment.plannedAction(for: deleted, live: alreadyConcluded)
                == .delete(options: ["task": "delete"]))
    }

    @Test func aValueKnownOnlyAfterApplyIsAChange() throws {
        let live: JSONValue = ["id": 3, "name": "Statics", "enrollment_term_id": 5]
        let item = EnsureItem(
            key: ["sis_course_id": "A"], set: ["name": "Statics", "term_id": .unknown("steps.term.output.id")])
        let action = try ResourceKind.course.plannedAction(for: item, live: live)
        guard case .update(let changes) = action else {
            Issue.record("expected an update, got \(action)")
            return
        }
        #expect(changes.map(\.field) == ["term_id"])
        #expect(changes.first?.isKnownAfterApply == true)
        #expect(changes.first?.renderedAfter == "(known after apply)")
        #expect(changes.first?.before == 5)
    }

    @Test func aChangedLoginIsRefusedRatherThanIgnored() {
        let live: JSONValue = ["id": 3, "name": "Li Chen", "login_id": "lchen"]
        let item = EnsureItem(key: ["sis_user_id": "S1"], set: ["login_id": "lchen26"])
        #expect(throws: ResourceError.notUpdatable(kind: "user", field: "login_id")) {
            try ResourceKind.user.plannedAction(for: item, live: live)
        }
    }
}
