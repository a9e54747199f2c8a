import Expressions
import Foundation
import OrderedCollections

extension StepGraph {
    /// The graph drawing formats.
    public enum DrawingFormat: String, CaseIterable, Sendable {
        case mermaid, dot
    }

    /// The graph as Mermaid or Graphviz text: one node per step (labelled with what it does), one edge per
    /// dependency, per-item edges dashed.
    public func drawing(_ format: DrawingFormat) -> String {
        var lines: [String] = []
        switch format {
        case .mermaid:
            lines.append("flowchart TD")
            for id in order {
                lines.append("    \(id)[\"\(escaped(label(for: id), quote: "#quot;"))\"]")
            }
            for id in order {
                for (dependency, kind) in dependencies[id] ?? [:] {
                    lines.append("    \(dependency) \(kind == .perItem ? "-.->|per item|" : "-->") \(id)")
                }
            }
        case .dot:
            lines.append("digraph \"\(escaped(spec.name, quote: "\\\""))\" {")
            lines.append("    rankdir=TB;")
            lines.append("    node [shape=box];")
            for id in order {
                lines.append("    \"\(id)\" [label=\"\(escaped(label(for: id), quote: "\\\""))\"];")
            }
            for id in order {
                for (dependency, kind) in dependencies[id] ?? [:] {
                    let style = kind == .perItem ? " [style=dashed, label=\"per item\"]" : ""
                    lines.append("    \"\(dependency)\" -> \"\(id)\"\(style);")
                }
            }
            lines.append("}")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func label(for id: String) -> String {
        guard let step = spec.steps[id] else { return id }
        let what: String
        switch step.kind {
        case .get(let get): what = "get \(get.path.description)"
        case .request(let request): what = "\(request.method.rawValue) \(request.path.description)"
        case .ensure(let ensure): what = "ensure \(ensure.kind.rawValue)\(ensure.state == .absent ? " absent" : "")"
        case .upload(let upload): what = "upload \(upload.file.description)"
        }
        return "\(id)\(step.isFanOut ? " (for each)" : ""): \(what)"
    }

    private func escaped(_ text: String, quote: String) -> String {
        text.replacingOccurrences(of: "\"", with: quote)
    }
}
