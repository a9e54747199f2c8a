import Diagnostics
import Expressions
import OrderedCollections

extension StepGraph {
    /// Kahn's algorithm with ties broken by document order; on a cycle, every cycle is reported with its path.
    static func topologicalOrder(
        spec: JobSpec,
        dependencies: [String: OrderedDictionary<String, EdgeKind>]
    ) throws(DiagnosticsError) -> [String] {
        let ids = Array(spec.steps.keys)
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var remaining = Dictionary(uniqueKeysWithValues: ids.map { ($0, dependencies[$0]?.count ?? 0) })
        var dependents: [String: [String]] = [:]
        for id in ids {
            for dependency in dependencies[id]?.keys ?? [] { dependents[dependency, default: []].append(id) }
        }
        // A sorted ready list keeps the order deterministic: the earliest step in the file goes first.
        var ready = ids.filter { remaining[$0] == 0 }
        var order: [String] = []
        order.reserveCapacity(ids.count)
        var head = 0
        while head < ready.count {
            let id = ready[head]
            head += 1
            order.append(id)
            var released: [String] = []
            for dependent in dependents[id] ?? [] {
                remaining[dependent, default: 0] -= 1
                if remaining[dependent] == 0 { released.append(dependent) }
            }
            if !released.isEmpty {
                var tail = Array(ready[head...]) + released
                tail.sort { (position[$0] ?? 0) < (position[$1] ?? 0) }
                ready.replaceSubrange(head..., with: tail)
            }
        }
        guard order.count < ids.count else { return order }

        var diagnostics = DiagnosticCollector(file: spec.source.path)
        let stuck = Set(ids.filter { remaining[$0, default: 0] > 0 })
        var reported = Set<String>()
        for start in ids where stuck.contains(start) && !reported.contains(start) {
            guard let cycle = findCycle(from: start, within: stuck, dependencies: dependencies) else { continue }
            if cycle.contains(where: { reported.contains($0) }) { continue }
            reported.formUnion(cycle)
            let path = (cycle + [cycle[0]]).joined(separator: " → ")
            let step = spec.steps[cycle[0]]
            if cycle.count == 1 {
                diagnostics.error("step '\(cycle[0])' depends on itself, a cycle of one: \(path)", at: step?.idRange)
            } else {
                diagnostics.error("steps depend on each other in a cycle: \(path)", at: step?.idRange)
            }
        }
        throw DiagnosticsError(diagnostics.all)
    }

    /// A cycle through `start`'s dependencies, as the list of steps in dependency order.
    private static func findCycle(
        from start: String,
        within stuck: Set<String>,
        dependencies: [String: OrderedDictionary<String, EdgeKind>]
    ) -> [String]? {
        var path: [String] = []
        var onPath: [String: Int] = [:]
        var visited = Set<String>()
        var current = start
        // Following any stuck dependency from a stuck node always reaches a cycle.
        while true {
            if let index = onPath[current] { return Array(path[index...]).reversed().rotatedToMin() }
            guard !visited.contains(current) || onPath[current] != nil else { return nil }
            visited.insert(current)
            onPath[current] = path.count
            path.append(current)
            guard let next = dependencies[current]?.keys.first(where: { stuck.contains($0) }) else { return nil }
            current = next
        }
    }
}

extension Array where Element == String {
    /// The same cycle, starting with its smallest element, so a cycle is always reported the same way.
    fileprivate func rotatedToMin() -> [String] {
        guard let minimum = self.min(), let index = firstIndex(of: minimum) else { return self }
        return Array(self[index...] + self[..<index])
    }
}
