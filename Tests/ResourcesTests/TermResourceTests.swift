import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct TermResourceTests {
    @Test func createsUpdatesAndDeletesATerm() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(
                key: ["sis_term_id": "2027SP"],
                set: ["name": "Spring 2027", "start_at": "2027-01-11", "end_at": "2027-05-07T23:59:59-04:00"])
            #expect(try await harness.plan(.term, item).isCreate)
            try await harness.converge(.term, item)
            let live = try #require(try await harness.lookup(.term, item))
            #expect(live["name"] == "Spring 2027")
            // A date alone is midnight in the account's default_time_zone, America/New_York.
            #expect(live["start_at"] == "2027-01-11T05:00:00Z")
            #expect(live["end_at"] == "2027-05-08T03:59:59Z")
            #expect(try await harness.lookup(.term, EnsureItem(key: ["name": "Spring 2027"]))?["id"] == live["id"])
            #expect(try await harness.plan(.term, item) == .unchanged)
            item.set["name"] = "Spring Semester 2027"
            #expect(try await harness.plan(.term, item).changedFields == ["name"])
            try await harness.converge(.term, item)
            #expect(try await harness.lookup(.term, item)?["name"] == "Spring Semester 2027")
            #expect(try await harness.plan(.term, item) == .unchanged)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.term, item) == .delete(options: [:]))
            try await harness.converge(.term, item)
            #expect(try await harness.lookup(.term, item) == nil)
            #expect(try await harness.plan(.term, item) == .unchanged)
        }
    }
}
