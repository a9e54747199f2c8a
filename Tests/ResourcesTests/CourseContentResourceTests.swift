import JSONValues
import OrderedCollections
import Resources
import Testing

@Suite struct CourseContentResourceTests {
    static let template: JSONValue = "sis_course_id:TEMPLATE"

    @Test func findsASeededAssignmentByNameAndComparesNumbersAndBooleans() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(parent: Self.template, key: ["name": "Essay 1"])
            let live = try #require(try await harness.lookup(.assignment, item))
            #expect(live["points_possible"] == .double(100))
            #expect(
                try await harness.lookup(.assignment, EnsureItem(parent: Self.template, key: ["name": "Essay 9"]))
                    == nil)
            item.set = ["points_possible": "100.0", "published": "true", "submission_types": "online_upload"]
            #expect(try ResourceKind.assignment.plannedAction(for: item, live: live) == .unchanged)
            item.set["points_possible"] = 120
            #expect(
                try ResourceKind.assignment.plannedAction(for: item, live: live).changedFields == ["points_possible"])
            try await harness.converge(.assignment, item)
            #expect(try await harness.lookup(.assignment, item)?["points_possible"] == .double(120))
            #expect(try await harness.plan(.assignment, item) == .unchanged)
        }
    }

    @Test func createsAnAssignmentWithADueTimeInAnyZoneThenDeletesIt() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(
                parent: Self.template, key: ["name": "Lab Report"],
                set: ["points_possible": 20, "due_at": "2026-09-01T23:59:00-04:00", "published": false])
            #expect(try await harness.plan(.assignment, item).isCreate)
            try await harness.converge(.assignment, item)
            let live = try #require(try await harness.lookup(.assignment, item))
            #expect(live["due_at"] == "2026-09-02T03:59:00Z")
            item.set["due_at"] = "2026-09-02T03:59:00.000Z"
            #expect(try await harness.plan(.assignment, item) == .unchanged)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.assignment, item) == .delete(options: [:]))
            try await harness.converge(.assignment, item)
            #expect(try await harness.lookup(.assignment, item) == nil)
            #expect(try await harness.plan(.assignment, item) == .unchanged)
        }
    }

    @Test func aPageBodyDiffersOnlyWhenItsVisibleTextDoes() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(parent: Self.template, key: ["title": "Welcome"])
            let live = try #require(try await harness.lookup(.page, item))
            #expect(live["url"] == "welcome")
            item.set = ["body": "\n  <p>Welcome   for this course.</p>\n", "published": 1]
            #expect(try ResourceKind.page.plannedAction(for: item, live: live) == .unchanged)
            item.set["body"] = "<p>Welcome, everyone.</p>"
            #expect(try ResourceKind.page.plannedAction(for: item, live: live).changedFields == ["body"])
            try await harness.converge(.page, item)
            #expect(try await harness.lookup(.page, item)?["body"] == "<p>Welcome, everyone.</p>")
            #expect(try await harness.plan(.page, item) == .unchanged)
        }
    }

    @Test func createsAPageThenFindsItByTitleAndURL() async throws {
        try await ResourceHarness.run { harness throws in
            let item = EnsureItem(
                parent: Self.template, key: ["title": "Lab Safety"],
                set: ["body": "<p>Goggles on.</p>", "published": true])
            #expect(try await harness.plan(.page, item).isCreate)
            try await harness.converge(.page, item)
            let byTitle = try #require(try await harness.lookup(.page, item))
            let byURL = try await harness.lookup(.page, EnsureItem(parent: Self.template, key: ["url": "lab-safety"]))
            #expect(byURL?["page_id"] == byTitle["page_id"])
            #expect(try await harness.plan(.page, item) == .unchanged)
        }
    }

    @Test(arguments: [
        ("module", "Week 3: Practice", "name"), ("assignment_group", "Labs", "name"),
        ("discussion_topic", "Introductions", "title"),
    ])
    func createsOtherCourseContentThenFindsItUnchanged(_ kindName: String, _ title: String, _ keyField: String)
        async throws
    {
        try await ResourceHarness.run { harness throws in
            let kind = try ResourceKinds.named(kindName)
            let item = EnsureItem(parent: Self.template, key: [keyField: .string(title)])
            #expect(try await harness.plan(kind, item).isCreate)
            try await harness.converge(kind, item)
            #expect(try await harness.lookup(kind, item)?[keyField] == .string(title))
            #expect(try await harness.plan(kind, item) == .unchanged)
        }
    }

    @Test(
        arguments: [
            ("module", "name", "Week 4: Review", ["position": 3, "require_sequential_progress": true], "position", 5),
            ("assignment_group", "name", "Quizzes", ["group_weight": 20, "position": 2], "group_weight", 25),
            (
                "discussion_topic", "title", "Lab Questions", ["message": "<p>Ask here.</p>", "pinned": true], "pinned",
                false
            ),
        ] as [(String, String, String, OrderedDictionary<String, JSONValue>, String, JSONValue)])
    func updatesOneFieldOfOtherCourseContentThenDeletesIt(
        _ kindName: String, _ keyField: String, _ title: String, _ initial: OrderedDictionary<String, JSONValue>,
        _ changed: String, _ value: JSONValue
    ) async throws {
        try await ResourceHarness.run { harness throws in
            let kind = try ResourceKinds.named(kindName)
            var item = EnsureItem(parent: Self.template, key: [keyField: .string(title)], set: initial)
            try await harness.converge(kind, item)
            #expect(try await harness.plan(kind, item) == .unchanged)
            item.set[changed] = value
            let action = try await harness.plan(kind, item)
            #expect(action.changedFields == [changed])
            guard case .update(let changes) = action else { return }
            let type = try #require(kind.field(named: changed)).type
            #expect(type.isEquivalent(initial[changed], changes.first?.before))
            #expect(type.isEquivalent(value, changes.first?.after))
            try await harness.converge(kind, item)
            // Compared as the field's type: Canvas answers a weight of 25 as 25.0.
            #expect(type.isEquivalent(value, try await harness.lookup(kind, item)?[changed]))
            #expect(try await harness.plan(kind, item) == .unchanged)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(kind, item) == .delete(options: [:]))
            try await harness.converge(kind, item)
            #expect(try await harness.lookup(kind, item) == nil)
            #expect(try await harness.plan(kind, item) == .unchanged)
        }
    }

    @Test func deletesAPageFoundByTitle() async throws {
        try await ResourceHarness.run { harness throws in
            var item = EnsureItem(
                parent: Self.template, key: ["title": "Old Notes"], set: ["body": "<p>Gone soon.</p>"])
            try await harness.converge(.page, item)
            #expect(
                try await harness.lookup(.page, EnsureItem(parent: Self.template, key: ["url": "old-notes"])) != nil)
            item.state = .absent
            item.set = [:]
            #expect(try await harness.plan(.page, item) == .delete(options: [:]))
            try await harness.converge(.page, item)
            #expect(try await harness.lookup(.page, item) == nil)
            #expect(
                try await harness.lookup(.page, EnsureItem(parent: Self.template, key: ["url": "old-notes"])) == nil)
            await #expect(throws: (any Error).self) {
                try await harness.get("/api/v1/courses/sis_course_id:TEMPLATE/pages/old-notes")
            }
            #expect(try await harness.plan(.page, item) == .unchanged)
        }
    }
}
