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
        // Steps are numbered in document order, so the smallest ready number is the earliest step in the file.
        var remaining = ids.map { dependencies[$0]?.count ?? 0 }
        var dependents = [[Int]](repeating: [], count: ids.count)
        for (index, id) in ids.enumerated() {
            for dependency in dependencies[id]?.keys ?? [] {
                guard let position = spec.steps.index(forKey: dependency) else { continue }
                dependents[position].append(index)
            }
        }
        var ready = MinimumHeap(ids.indices.filter { remaining[$0] == 0 })
        var order: [String] = []
        order.reserveCapacity(ids.count)
        while let index = ready.popMinimum() {
            order.append(ids[index])
            for dependent in dependents[index] {
                remaining[dependent] -= 1
                if remaining[dependent] == 0 { ready.insert(dependent) }
            }
        }
        guard order.count < ids.count else { return order }

        var diagnostics = DiagnosticCollector(file: spec.source.path)
        let stuck = Set(ids.indices.filter { remaining[$0] > 0 }.map { ids[$0] })
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
