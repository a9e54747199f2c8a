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
            // Concluded is not present: ensuring it present again enrolls the user anew.
            var present = item
            present.state = .present
            #expect(try await harness.plan(.enrollment, present).isCreate)
        }
    }

    @Test func theStepsTaskChoosesHowCanvasRemovesIt() async throws {
        try await ResourceHarness.run { harness throws in
            let student = try await Self.seededStudent(harness)
            var item = try Self.item(student, state: .absent)
            item.set = ["task": "delete"]
            let answer = try await harness.converge(.enrollment, item)
            #expect(answer["enrollment_state"] == "deleted")
            #expect(try await harness.lookup(.enrollment, item) == nil)
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
}
