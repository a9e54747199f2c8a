import JSONValues
import OrderedCollections
import Resources
import Testing

/// An `ensure` that may create must be keyed by fields a new object is given, or the object it creates is never
/// found again and every run creates another.
@Suite struct KeyWritabilityTests {
    @Test func aCourseKeyedByIDIsRefusedWithTheKeysThatCanIdentifyANewCourse() {
        let item = EnsureItem(parent: "self", key: ["id": "12"], set: ["name": "Statics"])
        let problems = ResourceKind.course.validate(item)
        #expect(problems == [.keyNotWritable(kind: "course", fields: ["id"], creatable: [["sis_course_id"]])])
        #expect(problems.first?.description.contains("key it by one of: sis_course_id") == true)
    }

    @Test(arguments: ["url", "page_id"])
    func aPageKeyedByItsURLIsRefused(_ key: String) {
        let item = EnsureItem(parent: "1", key: [key: key == "url" ? "syllabus" : 7], set: ["body": "Hello"])
        #expect(
            ResourceKind.page.validate(item) == [
                .keyNotWritable(kind: "page", fields: [key], creatable: [["title"]])
            ])
    }

    @Test func aDeleteMayUseAnyKey() {
        let item = EnsureItem(parent: "self", key: ["id": "12"], set: [:], state: .absent)
        #expect(ResourceKind.course.validate(item) == [])
    }

    @Test func everyKindHasAKeyThatCanIdentifyANewObject() {
        for kind in ResourceKinds.all {
            #expect(kind.keys.contains { $0.fields.allSatisfy(kind.isWritableOnCreate) }, "\(kind.name)")
        }
    }
}
