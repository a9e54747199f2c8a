import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct CalendarEventResourceTests {
    @Test(arguments: ["sis_course_id:CHEM-110-2026SP", "id"])
    func createsUpdatesAndDeletesAnEventOfACourseNamedEitherWay(_ form: String) async throws {
        try await ResourceHarness.run { harness throws in
            let course = try await harness.get("/api/v1/courses/sis_course_id:CHEM-110-2026SP")
            let courseID = try #require(course["id"]?.intValue)
            let parent: JSONValue = form == "id" ? .int(courseID) : .string(form)
            var item = EnsureItem(
                parent: parent, key: ["title": "Midterm"],
                set: [
                    "start_at": "2026-03-10T10:00:00-04:00", "end_at": "2026-03-10T12:00:00-04:00",
                    "location_name": "Hall A",
                ])
            #expect(try await harness.plan(.calendarEvent, item).isCreate)
            let created = try await harness.converge(.calendarEvent, item)
            // Canvas reads a context code with the course's Canvas id only.
            #expect(created["context_code"] == .string("course_\(courseID)"))
            let live = try #require(try await harness.lookup(.calendarEvent, item))
            #expect(live["id"] == created["id"])
            #expect(live["start_at"] == "2026-03-10T14:00:00Z")
            #expect(try await harness.plan(.calendarEvent, item) == .unchanged)
            item.set["location_name"] = "Hall B"
            #expect(try await harness.plan(.calendarEvent, item).changedFields == ["location_name"])
            try await harness.converge(.calendarEvent, item)
            #expect(try await harness.lookup(.calendarEvent, item)?["location_name"] == "Hall B")
            #expect(try await harness.plan(.calendarEvent, item) == .unchanged)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.calendarEvent, item) == .delete(options: [:]))
            try await harness.converge(.calendarEvent, item)
            #expect(try await harness.lookup(.calendarEvent, item) == nil)
            #expect(try await harness.plan(.calendarEvent, item) == .unchanged)
        }
    }

    @Test func findsNothingInACourseThatDoesNotExist() async throws {
        try await ResourceHarness.run { harness throws in
            let item = EnsureItem(parent: "sis_course_id:NO-SUCH-COURSE", key: ["title": "Midterm"])
            #expect(try await harness.lookup(.calendarEvent, item) == nil)
        }
    }
}
