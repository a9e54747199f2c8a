import Canvas
import Foundation
import JSONValues
import OrderedCollections
import Resources
import Testing

/// The law of a desired-state tool: after an apply, the next plan is empty.
///
/// For every settable field of every kind (from the kinds' own field tables), each value is written to a new object
/// and to an existing one on a fresh sandbox, and the plan that follows must have nothing to do.
@Suite struct ConvergenceTests {
    @Test func everySettableFieldOfEveryKindHasConvergenceCases() {
        for kind in ResourceKinds.all {
            guard let recipe = ConvergenceRecipe.all[kind.name] else {
                Issue.record("the kind \(kind.name) has no convergence recipe")
                continue
            }
            let settable = Set(kind.settableFieldNames(for: .present))
            for name in settable.sorted() where (recipe.values[name] ?? []).isEmpty {
                Issue.record("\(kind.name).\(name) has no convergence case")
            }
            for name in Set(recipe.values.keys).subtracting(settable).sorted() {
                Issue.record("\(kind.name).\(name) has convergence cases but is not a settable field")
            }
        }
        #expect(Set(ConvergenceRecipe.all.keys) == Set(ResourceKinds.names))
    }

    @Test(arguments: ResourceKinds.names)
    func applyThenPlanHasNothingToDo(_ kindName: String) async throws {
        let kind = try ResourceKinds.named(kindName)
        let recipe = try #require(ConvergenceRecipe.all[kindName])
        try await ResourceHarness.run { harness in
            var run = try await ConvergenceRun(harness: harness, kind: kind, recipe: recipe)
            for field in kind.fields where field.writability != .lookupOnly {
                for value in recipe.values[field.name] ?? [] {
                    try await run.check(field, value)
                }
            }
        }
    }
}

/// The objects of one kind's convergence check, on one sandbox.
struct ConvergenceRun {
    let harness: ResourceHarness
    let kind: ResourceKind
    let recipe: ConvergenceRecipe
    let parent: JSONValue?
    let groupID: JSONValue
    var counter = 200

    init(harness: ResourceHarness, kind: ResourceKind, recipe: ConvergenceRecipe) async throws {
        self.harness = harness
        self.kind = kind
        self.recipe = recipe
        let course = try await Self.post(
            "/api/v1/accounts/self/courses", ["course": ["name": "Convergence home", "sis_course_id": "CV-HOME"]],
            harness)
        let courseID = course["id"]?.interpolated ?? ""
        _ = try await Self.post(
            "/api/v1/courses/\(courseID)/sections", ["course_section": ["name": "S1", "sis_section_id": "CV-HOME-S1"]],
            harness)
        groupID =
            try await Self.post("/api/v1/courses/\(courseID)/assignment_groups", ["name": "CV"], harness)["id"]
            ?? .null
        switch recipe.parent {
        case "{course}": parent = .string(ConvergenceRecipe.course)
        case "{category}":
            parent = try await Self.post(
                "/api/v1/courses/\(courseID)/group_categories", ["name": "CV category"], harness)["id"]
        default: parent = recipe.parent
        }
    }

    private static func post(_ path: String, _ body: JSONValue, _ harness: ResourceHarness) async throws -> JSONValue {
        try await harness.client.json(CanvasRequest(.post, path, body: .form(body)), logger: harness.logger)
    }

    /// Writes `value` to `field` of a new object, then of an existing one when the field can be changed, and
    /// expects each following plan to have nothing to do.
    mutating func check(_ field: ResourceField, _ value: ConvergenceValue) async throws {
        let label = "\(kind.name).\(field.name) = \(value)"
        counter += 1
        let fresh = item(field, value, number: counter)
        try await converge(fresh, label: "\(label) on create")
        // A key field names another object rather than changing this one.
        guard field.writability == .always, recipe.key[field.name] == nil else { return }
        counter += 1
        var existing = item(nil, value, number: counter)
        try await converge(existing, label: "\(label): the object before the update")
        existing = item(field, value, number: counter)
        try await converge(existing, label: "\(label) on update")
    }

    /// An item with the recipe's key and base, and `field` set to `value` (in the key when it is a key field).
    private func item(_ field: ResourceField?, _ value: ConvergenceValue, number: Int) -> EnsureItem {
        var key = recipe.key.mapValues { Self.numbered($0, number) }
        var set = recipe.base.mapValues { Self.numbered($0, number) }
        guard let field else { return EnsureItem(parent: parent, key: key, set: set) }
        for (name, companion) in value.with { set[name] = companion }
        let written = value.value == "{group}" ? groupID : Self.numbered(value.value, number)
        if key[field.name] != nil {
            key[field.name] = written
        } else {
            // A field that writes the same parameter as a base field (a user's `unique_id` and `login_id`)
            // replaces it.
            for other in set.keys where other != field.name && kind.field(named: other)?.parameter == field.parameter {
                set[other] = nil
            }
            set[field.name] = written
        }
        return EnsureItem(parent: parent, key: key, set: set)
    }

    private func converge(_ item: EnsureItem, label: String) async throws {
        do {
            try await harness.converge(kind, item)
            let after = try await kind.plan(item, client: harness.client, logger: harness.logger)
            #expect(after.action == .unchanged, "\(label): \(after.action)")
        } catch {
            Issue.record("\(label): \(error)")
        }
    }

    private static func numbered(_ value: JSONValue, _ number: Int) -> JSONValue {
        guard case .string(let text) = value, text.contains("#") else { return value }
        return .string(text.replacingOccurrences(of: "#", with: String(number)))
    }
}
