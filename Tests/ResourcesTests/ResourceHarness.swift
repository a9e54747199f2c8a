import Canvas
import EaselTestSupport
import JSONValues
import Logging
import OrderedCollections
import Resources
import Sandbox

/// A demo-seeded sandbox with a Canvas client pointed at it (a ``SandboxHarness`` without the throttle), and the
/// steps every resource test takes.
struct ResourceHarness: Sendable {
    let client: CanvasClient
    let logger = Logger(label: "easel.resources.tests", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Starts a sandbox and a client, runs `body`, and stops both.
    static func run<T: Sendable>(_ body: @escaping @Sendable (ResourceHarness) async throws -> T) async throws -> T {
        // The sandbox's throttle is off here, so there are no rate headers for a governor to follow.
        try await SandboxHarness.run(sandbox: { $0.throttle = nil }, client: { $0.governor = .disabled }) { harness in
            try await body(ResourceHarness(client: harness.client))
        }
    }

    /// Looks the item up.
    func lookup(_ kind: ResourceKind, _ item: EnsureItem) async throws -> JSONValue? {
        try await kind.lookup(item, client: client, logger: logger)
    }

    /// Resolves the item's references, looks it up and plans it.
    func plan(_ kind: ResourceKind, _ item: EnsureItem) async throws -> ResourceAction {
        try await kind.plan(item, client: client, logger: logger).action
    }

    /// Plans the item (its references resolved, as the planner does) and applies the plan, returning Canvas's
    /// answer.
    @discardableResult
    func converge(_ kind: ResourceKind, _ item: EnsureItem) async throws -> JSONValue {
        let plan = try await kind.plan(item, client: client, logger: logger)
        return try await kind.apply(plan.action, to: plan.item, live: plan.live, client: client, logger: logger)
    }

    /// A plain GET, to check the effect of a write independently of the lookup under test.
    func get(_ path: String, query: JSONValue = [:]) async throws -> JSONValue {
        try await client.getAll(.get(path, query: query), logger: logger)
    }
}

extension ResourceAction {
    /// The changed fields' names of an update, or nil for another action.
    var changedFields: [String]? {
        guard case .update(let changes) = self else { return nil }
        return changes.map(\.field)
    }

    /// Whether this is a create.
    var isCreate: Bool {
        if case .create = self { return true }
        return false
    }
}
