import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct SectionResourceTests {
    static let course: JSONValue = "sis_course_id:ENGL-101-2026SP"

    @Test func findsTheSeededSectionBySISIDOrName() async throws {
        try await ResourceHarness.run { harness throws in
            let bySIS = try #require(
                try await harness.lookup(
                    .section, EnsureItem(parent: Self.course, key: ["sis_section_id": "ENGL-101-2026SP-01"])))
            #expect(bySIS["name"] == "Composition (2026SP)")
            let byName = try await harness.lookup(
                .section, EnsureItem(parent: Self.course, key: ["name": "Composition (2026SP)"]))
            #expect(byName?["id"] == bySIS["id"])
            // A section of another course is not this course's.
            let elsewhere = EnsureItem(
                parent: "sis_course_id:ENGL-102-2026FA", key: ["sis_section_id": "ENGL-101-2026SP-01"])
            #expect(try await harness.lookup(.section, elsewhere) == nil)
        }
    }

    @Test func createsUpdatesAndDeletesASection() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(
                parent: Self.course, key: ["sis_section_id": "ENGL-101-2026SP-LAB"],
                set: [
                    "name": "Lab", "start_at": "2026-01-12T00:00:00-05:00",
                    "restrict_enrollments_to_section_dates": "yes",
                ])
            #expect(try await harness.plan(.section, item).isCreate)
            try await harness.converge(.section, item)
            let live = try #require(try await harness.lookup(.section, item))
            #expect(live["start_at"] == "2026-01-12T05:00:00Z")
            #expect(try await harness.plan(.section, item) == .unchanged)
            item.set["name"] = "Lab A"
            #expect(try await harness.plan(.section, item).changedFields == ["name"])
            try await harness.converge(.section, item)
            #expect(try await harness.lookup(.section, item)?["name"] == "Lab A")
            item.state = .absent
            item.set = [:]
            try await harness.converge(.section, item)
            #expect(try await harness.lookup(.section, item) == nil)
        }
    }
}
