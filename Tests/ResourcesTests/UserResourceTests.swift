import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct UserResourceTests {
    @Test func findsASeededUserBySISIDOrLoginAndNothingForAnUnknownOne() async throws {
        try await ResourceHarness.run { harness throws in
            let bySIS = try #require(
                try await harness.lookup(.user, EnsureItem(parent: "self", key: ["sis_user_id": "u0001"])))
            let login = try #require(bySIS["login_id"]?.stringValue)
            let byLogin = try await harness.lookup(.user, EnsureItem(key: ["login_id": .string(login.uppercased())]))
            #expect(byLogin?["id"] == bySIS["id"])
            let byUniqueID = try await harness.lookup(.user, EnsureItem(key: ["unique_id": .string(login)]))
            #expect(byUniqueID?["id"] == bySIS["id"])
            #expect(try await harness.lookup(.user, EnsureItem(key: ["sis_user_id": "S26-9999"])) == nil)
        }
    }

    @Test func isUnchangedWhenNamesAndEmailMatchInAnyCase() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(parent: "self", key: ["sis_user_id": "u0001"])
            let live = try #require(try await harness.lookup(.user, item))
            item.set = [
                "name": live["name"] ?? .null, "sortable_name": live["sortable_name"] ?? .null,
                "email": .string((live["email"]?.stringValue ?? "").uppercased()),
                "login_id": live["login_id"] ?? .null,
            ]
            #expect(try ResourceKind.user.plannedAction(for: item, live: live) == .unchanged)
            item.set["name"] = "Renamed Person"
            #expect(try ResourceKind.user.plannedAction(for: item, live: live).changedFields == ["name"])
            try await harness.converge(.user, item)
            #expect(try await harness.lookup(.user, item)?["name"] == "Renamed Person")
            #expect(try await harness.plan(.user, item) == .unchanged)
        }
    }

    @Test func createsAUserWithItsLoginAndEmail() async throws {
        try await ResourceHarness.run { harness throws in
            let item = EnsureItem(
                parent: "self", key: ["sis_user_id": "S26-1001"],
                set: [
                    "name": "Li Chen", "sortable_name": "Chen, Li", "login_id": "lchen26",
                    "email": "LChen26@Example.edu",
                ])
            #expect(try await harness.plan(.user, item).isCreate)
            let created = try await harness.converge(.user, item)
            #expect(created["name"] == "Li Chen")
            let live = try #require(try await harness.lookup(.user, item))
            #expect(live["login_id"] == "lchen26")
            #expect(live["sis_user_id"] == "S26-1001")
            #expect(live["email"]?.stringValue?.lowercased() == "lchen26@example.edu")
            #expect(try await harness.plan(.user, item) == .unchanged)
        }
    }

    @Test func deletesAUserThroughItsAccount() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(
                parent: "self", key: ["sis_user_id": "S26-2002"], set: ["name": "Temp Person", "login_id": "temp26"])
            try await harness.converge(.user, item)
            let live = try #require(try await harness.lookup(.user, item))
            let id = try #require(live["id"]?.intValue)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.user, item) == .delete(options: [:]))
            let deleted = try await harness.converge(.user, item)
            #expect(deleted["id"] == .int(id))
            #expect(try await harness.lookup(.user, item) == nil)
            #expect(try await harness.lookup(.user, EnsureItem(key: ["login_id": "temp26"])) == nil)
            await #expect(throws: (any Error).self) { try await harness.get("/api/v1/users/\(id)") }
            #expect(try await harness.plan(.user, item) == .unchanged)
        }
    }
}
