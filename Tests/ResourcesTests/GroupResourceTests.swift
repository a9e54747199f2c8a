import Canvas
import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct GroupResourceTests {
    /// Creates a group set in a seeded course, with a SIS id, as the groups' parent.
    static func makeGroupSet(_ harness: ResourceHarness, sisID: String) async throws -> JSONValue {
        let request = CanvasRequest(
            .post, "/api/v1/courses/sis_course_id:CHEM-110-2026SP/group_categories",
            body: .form(["name": "Lab Teams", "sis_group_category_id": .string(sisID)]))
        return try await harness.client.json(request, logger: harness.logger)
    }

    @Test func createsAGroupInAGroupSetNamedBySISIDThenFindsItBySISIDAndName() async throws {
        try await ResourceHarness.run { harness throws in
            let groupSet = try await Self.makeGroupSet(harness, sisID: "GS-LAB")
            #expect(groupSet["sis_group_category_id"] == "GS-LAB")
            let item = EnsureItem(
                parent: "sis_group_category_id:GS-LAB", key: ["sis_group_id": "G-LAB-1"],
                set: ["name": "Team 1", "description": "Bench 1", "join_level": "invitation_only"])
            #expect(try await harness.plan(.group, item).isCreate)
            let created = try await harness.converge(.group, item)
            #expect(created["group_category_id"] == groupSet["id"])
            let bySIS = try #require(try await harness.lookup(.group, item))
            #expect(bySIS["name"] == "Team 1")
            let byName = EnsureItem(parent: groupSet["id"] ?? .null, key: ["name": "Team 1"])
            #expect(try await harness.lookup(.group, byName)?["id"] == bySIS["id"])
            #expect(try await harness.plan(.group, item) == .unchanged)
            #expect(
                try await harness.lookup(
                    .group, EnsureItem(parent: "sis_group_category_id:GS-LAB", key: ["name": "Team 9"]))
                    == nil)
        }
    }

    @Test func updatesAndDeletesAGroup() async throws {
        try await ResourceHarness.run { harness throws in
            _ = try await Self.makeGroupSet(harness, sisID: "GS-STUDY")
            var item = EnsureItem(
                parent: "sis_group_category_id:GS-STUDY", key: ["name": "Study Group"],
                set: ["description": "Mondays", "sis_group_id": "G-STUDY"])
            try await harness.converge(.group, item)
            item.set["description"] = "Tuesdays"
            #expect(try await harness.plan(.group, item).changedFields == ["description"])
            try await harness.converge(.group, item)
            #expect(try await harness.get("/api/v1/groups/sis_group_id:G-STUDY")["description"] == "Tuesdays")
            #expect(try await harness.plan(.group, item) == .unchanged)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.group, item) == .delete(options: [:]))
            try await harness.converge(.group, item)
            #expect(try await harness.lookup(.group, item) == nil)
            #expect(
                try await harness.lookup(
                    .group, EnsureItem(parent: "sis_group_category_id:GS-STUDY", key: ["sis_group_id": "G-STUDY"]))
                    == nil)
            #expect(try await harness.plan(.group, item) == .unchanged)
        }
    }
}
