import JSONValues
import JobSpec
import OrderedCollections
import Resources
import Testing

@Suite struct ResourceKindsTests {
    @Test func namesEqualTheKindsJobFilesMayName() {
        #expect(ResourceKinds.names.sorted() == ResourceKindName.allCases.map(\.rawValue).sorted())
    }

    @Test(arguments: ResourceKindName.allCases.map(\.rawValue))
    func eachKindIsFoundByName(_ name: String) throws {
        #expect(try ResourceKinds.named(name).name == name)
    }

    @Test func anUnknownKindSuggestsTheClosestName() {
        #expect(throws: ResourceError.unknownKind("enrolment", suggestion: "enrollment")) {
            try ResourceKinds.named("enrolment")
        }
    }

    @Test func anUnknownSetFieldIsAnErrorWithASuggestion() {
        let item = EnsureItem(
            parent: "self", key: ["sis_course_id": "X"], set: ["nmae": "Statics", "course_code": "ENG 110"])
        #expect(
            ResourceKind.course.validate(item) == [
                .unknownField(kind: "course", field: "nmae", suggestion: "name")
            ])
    }

    @Test func everyProblemOfAnItemIsReportedAtOnce() {
        let item = EnsureItem(
            parent: .null, key: ["login": "x"], set: ["name": "A", "start_at": "soon", "colour": "red"])
        let problems = ResourceKind.section.validate(item)
        #expect(problems.count == 4)
        #expect(
            problems.contains(
                .invalidValue(
                    kind: "section", field: "start_at", value: "\"soon\"", expected: FieldType.date.displayName)))
    }

    @Test func absentItemsAcceptOnlyDeleteOptions() {
        let concluded = EnsureItem(parent: "1", key: ["user_id": "5"], set: ["task": "delete"], state: .absent)
        #expect(ResourceKind.enrollment.validate(concluded).isEmpty)
        let wrongTask = EnsureItem(parent: "1", key: ["user_id": "5"], set: ["task": "remove"], state: .absent)
        #expect(ResourceKind.enrollment.validate(wrongTask).count == 1)
        let field = EnsureItem(parent: "1", key: ["user_id": "5"], set: ["enrollment_state": "active"], state: .absent)
        #expect(ResourceKind.enrollment.validate(field).count == 1)
    }

    @Test func aKeyNoLookupTakesListsTheAcceptedKeys() throws {
        let item = EnsureItem(key: ["name": "Statics"])
        let problems = ResourceKind.course.validate(item)
        #expect(problems == [.unsupportedKey(kind: "course", fields: ["name"], accepted: [["sis_course_id"], ["id"]])])
        #expect(problems.first?.description.contains("sis_course_id") == true)
    }

    @Test func aCourseWithoutInLivesInTheRootAccount() throws {
        let parent = try ResourceKind.course.parent(of: EnsureItem(key: ["sis_course_id": "A"]))
        #expect(parent == ResourceParent(kind: .account, id: "self"))
        #expect(throws: ResourceError.self) { try ResourceKind.section.parent(of: EnsureItem(key: ["name": "A"])) }
    }
}
