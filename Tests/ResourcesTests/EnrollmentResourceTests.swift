import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct EnrollmentResourceTests {
    static let course = "sis_course_id:ENGL-101-2026SP"

    /// A seeded active student of the course, read with a plain GET.
    static func seededStudent(_ harness: ResourceHarness) async throws -> JSONValue {
        let enrollments = try await harness.get(
            "/api/v1/courses/\(course)/enrollments", query: ["type": ["StudentEnrollment"], "state": ["active"]])
        return try #require(enrollments.arrayValue?.first)
    }

    static func item(_ student: JSONValue, state: EnsureItem.State = .present) throws -> EnsureItem {
        let sis = try #require(student["sis_user_id"]?.stringValue)
        return EnsureItem(
            parent: .string(course), key: ["user_id": .string("sis_user_id:" + sis), "type": "StudentEnrollment"],
            state: state)
    }

    @Test func findsAnEnrollmentByUserAndTypeAndNothingForAnotherType() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            var item = try Self.item(student)
            let live = try #require(try await harness.lookup(.enrollment, item))
            #expect(live["id"] == student["id"])
            item.key["type"] = "TeacherEnrollment"
            #expect(try await harness.lookup(.enrollment, item) == nil)
            item.key["user_id"] = "sis_user_id:S26-9999"
            #expect(try await harness.lookup(.enrollment, item) == nil)
        }
    }

    @Test func isUnchangedWhenActiveAndCreatesAMissingOne() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            var item = try Self.item(student)
            item.set = ["enrollment_state": "Active"]
            #expect(try await harness.plan(.enrollment, item) == .unchanged)

            let newcomer = EnsureItem(
                parent: .string(Self.course), key: ["user_id": "sis_user_id:u0300", "type": "TaEnrollment"],
                set: ["enrollment_state": "active"])
            #expect(try await harness.plan(.enrollment, newcomer).isCreate)
            let created = try await harness.converge(.enrollment, newcomer)
            #expect(created["type"] == "TaEnrollment")
            #expect(created["enrollment_state"] == "active")
            #expect(try await harness.plan(.enrollment, newcomer) == .unchanged)
        }
    }

    @Test func anAbsentEnrollmentIsConcludedByDefault() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            let item = try Self.item(student, state: .absent)
            #expect(try await harness.plan(.enrollment, item) == .delete(options: ["task": "conclude"]))
            let answer = try await harness.converge(.enrollment, item)
            #expect(answer["enrollment_state"] == "completed")
            #expect(try await harness.plan(.enrollment, item) == .unchanged)
            // Concluded is not present: ensuring it present again brings back the same enrollment, as Canvas
            // does when the user is enrolled again in the section (an invitation unless the step sets a state).
            var present = item
            present.state = .present
            #expect(
                try await harness.plan(.enrollment, present)
                    == .update(changes: [FieldChange(field: "enrollment_state", before: "completed", after: "invited")])
            )
            present.set = ["enrollment_state": "active"]
            let revived = try await harness.converge(.enrollment, present)
            #expect(revived["id"] == student["id"])
            #expect(revived["enrollment_state"] == "active")
            #expect(try await harness.plan(.enrollment, present) == .unchanged)
        }
    }

    @Test func theStepsTaskChoosesHowCanvasRemovesIt() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            var item = try Self.item(student, state: .absent)
            item.set = ["task": "delete"]
            let answer = try await harness.converge(.enrollment, item)
            #expect(answer["enrollment_state"] == "deleted")
            #expect(try await harness.lookup(.enrollment, item)?["enrollment_state"] == "deleted")
            #expect(try await harness.plan(.enrollment, item) == .unchanged)
        }
    }

    @Test func deactivatesAndReactivatesThroughCanvasEndpoints() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            var item = try Self.item(student)
            item.set = ["enrollment_state": "inactive"]
            #expect(try await harness.plan(.enrollment, item).changedFields == ["enrollment_state"])
            try await harness.converge(.enrollment, item)
            #expect(try await harness.lookup(.enrollment, item)?["enrollment_state"] == "inactive")
            item.set = ["enrollment_state": "active"]
            try await harness.converge(.enrollment, item)
            #expect(try await harness.lookup(.enrollment, item)?["enrollment_state"] == "active")
            #expect(try await harness.plan(.enrollment, item) == .unchanged)
        }
    }

    /// The section's enrollments, read with a plain GET in every state.
    static func sectionEnrollments(_ harness: ResourceHarness, _ section: String) async throws -> [JSONValue] {
        try await harness.get(
            "/api/v1/sections/\(section)/enrollments",
            query: ["state": ["active", "invited", "inactive", "completed", "deleted"]]
        ).arrayValue ?? []
    }

    @Test func anEnrollmentInASectionIsFoundAndWrittenThroughTheSection() async throws {
        try await ResourceHarness.run { harness throws in
            let section = "sis_section_id:ENGL-101-2026SP-01"
            let student = try await Self.seededStudent(harness)
            let sis = try #require(student["sis_user_id"]?.stringValue)
            let enrolled = EnsureItem(
                parent: .string(section), key: ["user_id": .string("sis_user_id:" + sis), "type": "StudentEnrollment"],
                set: ["enrollment_state": "active"])
            #expect(try await harness.lookup(.enrollment, enrolled)?["id"] == student["id"])
            #expect(try await harness.plan(.enrollment, enrolled) == .unchanged)

            let newcomer = EnsureItem(
                parent: .string(section), key: ["user_id": "sis_user_id:u0299", "type": "StudentEnrollment"],
                set: ["enrollment_state": "active"])
            #expect(try await harness.plan(.enrollment, newcomer).isCreate)
            let created = try await harness.converge(.enrollment, newcomer)
            #expect(created["sis_section_id"] == "ENGL-101-2026SP-01")
            #expect(try await harness.plan(.enrollment, newcomer) == .unchanged)

            var dropped = newcomer
            dropped.state = .absent
            dropped.set = [:]
            #expect(try await harness.plan(.enrollment, dropped) == .delete(options: ["task": "conclude"]))
            try await harness.converge(.enrollment, dropped)
            #expect(try await harness.plan(.enrollment, dropped) == .unchanged)
            let back = try await harness.converge(.enrollment, newcomer)
            #expect(back["id"] == created["id"])
            let all = try await Self.sectionEnrollments(harness, section)
            #expect(all.filter { $0["user_id"] == created["user_id"] }.count == 1)
            #expect(back["enrollment_state"] == "active")
        }
    }

    @Test func aParentThatIsNeitherACourseNorASectionListsTheFormsThatWork() throws {
        for text in ["sis_account_id:ENG", "sis_term_id:2026SP", "ENGL-101", "section:abc"] {
            let item = EnsureItem(parent: .string(text), key: ["user_id": "1"])
            #expect(throws: ResourceError.self) { try ResourceKind.enrollment.parent(of: item) }
            let problem = ResourceKind.enrollment.validate(item).first?.description ?? ""
            #expect(problem.contains("sis_section_id:…"), "\(problem)")
            #expect(problem.contains("section:42"), "\(problem)")
        }
        let parent = try ResourceKind.enrollment.parent(
            of: EnsureItem(parent: "sis_section_id:S-1", key: ["user_id": "1"]))
        #expect(parent == ResourceParent(kind: .section, id: "sis_section_id:S-1"))
        let byID = try ResourceKind.enrollment.parent(of: EnsureItem(parent: "section:42", key: ["user_id": "1"]))
        #expect(byID == ResourceParent(kind: .section, id: "42"))
        #expect(throws: ResourceError.self) {
            try ResourceKind.section.parent(of: EnsureItem(parent: "sis_section_id:S-1", key: ["name": "A"]))
        }
    }

    @Test func anEnrollmentInAMissingSectionOrCourseIsAnErrorOnItsItem() async throws {
        try await ResourceHarness.run { harness throws in
            for parent in ["sis_section_id:NO-SUCH-SECTION", "sis_course_id:NO-SUCH-COURSE"] {
                for state in EnsureItem.State.allCases {
                    let item = EnsureItem(
                        parent: .string(parent), key: ["user_id": "sis_user_id:u0100", "type": "StudentEnrollment"],
                        state: state)
                    await #expect(throws: ResourceError.self) { try await harness.plan(.enrollment, item) }
                }
            }
        }
    }
}
