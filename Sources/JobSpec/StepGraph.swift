public import Diagnostics
import Expressions
public import OrderedCollections

/// The job's steps as a directed acyclic graph: an edge from A to B when B needs A, either by `needs:` or by
/// reading `steps.A` in an expression.
public struct StepGraph: Sendable {
    /// How one step depends on another.
    public enum EdgeKind: Sendable, Hashable {
        /// B waits for all of A.
        case wholeStep
        /// B iterates A's items (`for_each: ${{ steps.A.items }}`): B's item for a row can start as soon as
        /// A's item for that row is done.
        case perItem
    }

    /// The job.
    public let spec: JobSpec
    /// The steps in a deterministic topological order: dependencies first, ties in document order.
    public let order: [String]
    /// For each step, the steps it depends on and how, in document order.
    public let dependencies: [String: OrderedDictionary<String, EdgeKind>]

    /// Builds the graph, or throws every problem: unknown steps in `needs`, and cycles with their whole path.
    public init(_ spec: JobSpec) throws(DiagnosticsError) {
        self.spec = spec
        var dependencies: [String: OrderedDictionary<String, EdgeKind>] = [:]
        for step in spec.steps.values {
            var edges = OrderedDictionary<String, EdgeKind>()
            // A step that needs itself keeps its edge: it is a cycle of one, reported as every other cycle.
            for need in step.needs where spec.steps[need] != nil {
                edges[need] = .wholeStep
            }
            let perItemSource = Self.perItemSource(of: step)
            for id in step.referencedSteps where spec.steps[id] != nil {
                if id == perItemSource, Self.readsOnlyThroughItem(step, source: id) {
                    edges[id] = edges[id] ?? .perItem
                } else {
                    edges[id] = .wholeStep
                }
            }
            dependencies[step.id] = edges
        }
        self.dependencies = dependencies
        self.order = try Self.topologicalOrder(spec: spec, dependencies: dependencies)
    }

    /// The steps that depend on `id`, in document order.
    public func dependents(of id: String) -> [String] {
        spec.steps.keys.filter { dependencies[$0]?[id] != nil }
    }

    /// The step a fan-out step iterates item by item, if its `for_each` is exactly `steps.<id>.items`.
    static func perItemSource(of step: Step) -> String? {
        guard case .template(let template)? = step.forEach, template.isWholeExpression,
            template.references.count == 1, let reference = template.references.first, reference.root == "steps",
            reference.components.count == 2,
            case .member(let id) = reference.components[0], case .member("items") = reference.components[1]
        else { return nil }
        return id
    }

    /// Whether the step's other expressions leave `steps.<source>` alone (so per-item scheduling is exact).
    static func readsOnlyThroughItem(_ step: Step, source: String) -> Bool {
        let forEachTemplates = Set(step.forEach?.templates ?? [])
        for template in step.templates where !forEachTemplates.contains(template) {
            for reference in template.references where reference.root == "steps" {
                if case .member(source)? = reference.components.first { return false }
            }
        }
        return true
    }
}
