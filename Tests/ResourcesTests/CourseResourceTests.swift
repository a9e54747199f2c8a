import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct CourseResourceTests {
    static let seeded = EnsureItem(parent: "sis_account_id:ENG", key: ["sis_course_id": "ENGL-101-2026SP"])

    @Test func findsASeededCourseBySISIDAndNothingForAnUnknownOne() async throws {
        try await ResourceHarness.run { harness throws in
            let live = try #require(try await harness.lookup(.course, Self.seeded))
            #expect(live["name"] == "Composition (2026SP)")
            #expect(live["sis_course_id"] == "ENGL-101-2026SP")
            let missing = EnsureItem(parent: "sis_account_id:ENG", key: ["sis_course_id": "NO-SUCH-COURSE"])
            #expect(try await harness.lookup(.course, missing) == nil)
            let slashed = EnsureItem(key: ["sis_course_id": "CS/101.11é"])
            #expect(try await harness.lookup(.course, slashed) == nil)
        }
    }

    @Test func isUnchangedWhenSetEqualsLiveAndUpdatesExactlyTheChangedFields() async throws {
        try await ResourceHarness.run { harness throws in
            let live = try #require(try await harness.lookup(.course, Self.seeded))
            let termID = try #require(live["enrollment_term_id"]?.intValue)
            var item = Self.seeded
            item.set = [
                "name": "Composition (2026SP)", "course_code": "ENGL 101", "term_id": .string(String(termID)),
                "workflow_state": "available", "is_public": "false",
            ]
            #expect(try ResourceKind.course.plannedAction(for: item, live: live) == .unchanged)
            item.set["name"] = "Composition I"
            item.set["workflow_state"] = "completed"
            let action = try ResourceKind.course.plannedAction(for: item, live: live)
            #expect(action.changedFields == ["name", "workflow_state"])
            try await harness.converge(.course, item)
            let after = try #require(try await harness.lookup(.course, item))
            #expect(after["name"] == "Composition I")
            #expect(after["workflow_state"] == "completed")
            #expect(try await harness.plan(.course, item) == .unchanged)
        }
    }

    @Test func createsAnAbsentCourseThenFindsItUnchanged() async throws {
        try await ResourceHarness.run { harness throws in
            let item = EnsureItem(
                parent: "sis_account_id:ENG", key: ["sis_course_id": "ENG-110-FA26"],
                set: [
                    "name": "Statics", "course_code": "ENG 110", "term_id": "sis_term_id:2026FA",
                    "restrict_enrollments_to_course_dates": true, "start_at": "2026-08-24T11:00:00+02:00",
                    "workflow_state": "available",
                ])
            #expect(try await harness.plan(.course, item).isCreate)
            let created = try await harness.converge(.course, item)
            #expect(created["sis_course_id"] == "ENG-110-FA26")
            let live = try #require(try await harness.lookup(.course, item))
            #expect(live["id"] == created["id"])
            #expect(live["start_at"] == "2026-08-24T09:00:00Z")
            #expect(live["workflow_state"] == "available")
            let account = try await harness.get("/api/v1/accounts/sis_account_id:ENG")
            #expect(live["account_id"] == account["id"])
            // The term is named by SIS id and Canvas returns its number: the plan resolves one to the other.
            #expect(try await harness.plan(.course, item) == .unchanged)
            let term = try await harness.get("/api/v1/accounts/self/terms/sis_term_id:2026FA")
            #expect(live["enrollment_term_id"] == term["id"])
            var again = item
            again.set["start_at"] = "2026-08-24T09:00:00.000Z"
            again.set["restrict_enrollments_to_course_dates"] = "true"
            #expect(try await harness.plan(.course, again) == .unchanged)
        }
    }

    @Test(arguments: ["delete", "conclude"])
    func deletesWithTheEventCanvasRequires(_ event: String) async throws {
        try await ResourceHarness.run { harness throws in
            var item = Self.seeded
            item.state = .absent
            item.set = ["event": .string(event)]
            let before = try #require(try await harness.lookup(.course, item))
            #expect(
                try ResourceKind.course.plannedAction(for: item, live: before)
                    == .delete(options: ["event": .string(event)]))
            let answer = try await harness.converge(.course, item)
            #expect(answer[event] == true)
            let courseID = before["id"]?.interpolated ?? ""
            if event == "delete" {
                #expect(try await harness.lookup(.course, item) == nil)
            } else {
                let course = try await harness.get("/api/v1/courses/\(courseID)")
                #expect(course["workflow_state"] == "completed")
            }
            #expect(try await harness.plan(.course, item) == .unchanged)
        }
    }

    @Test func aCourseInACourseThisRunCreatesIsPlannedAsACreate() async throws {
        try await ResourceHarness.run { harness throws in
            let item = EnsureItem(
                parent: .unknown("steps.accounts.output.id"), key: ["sis_course_id": "ENGL-101-2026SP"],
                set: ["name": "x"])
            #expect(try await harness.lookup(.course, item) == nil)
            #expect(try await harness.plan(.course, item).isCreate)
        }
    }
}
