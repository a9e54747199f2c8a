import Diagnostics
import EndpointCatalog
import YAML

/// One parameter a job's `query:` or `body:` sends, in Canvas's bracket form, with where it is written.
struct ParameterKey {
    /// The name as Canvas receives it (`course[name]`, `include[]`).
    var name: ParameterName
    /// The key in the job file.
    var range: SourceRange
    /// Whether the value is a `${{ }}` expression (whose shape is known only when the job runs).
    var isExpression: Bool
    /// The values known before the run, each with its position.
    var literalValues: [(String, SourceRange)]

    /// Adds the keys of a `query:` or `body:` mapping, nested mappings becoming bracketed names.
    static func collect(_ node: YAMLNode, under parent: [String] = [], into keys: inout [ParameterKey]) {
        guard let pairs = node.mapping else { return }
        for pair in pairs {
            guard let text = pair.key.scalar?.text else { continue }
            let written = ParameterName(text)
            let parts = parent + written.parts
            collect(value: pair.value, parts: parts, isArray: written.isArray, keyRange: pair.key.range, into: &keys)
        }
    }

    private static func collect(
        value: YAMLNode, parts: [String], isArray: Bool, keyRange: SourceRange, into keys: inout [ParameterKey]
    ) {
        switch value.kind {
        case .mapping:
            collect(value, under: parts, into: &keys)
        case .sequence(let elements):
            if elements.contains(where: { $0.mapping != nil }) {
                for element in elements where element.mapping != nil { collect(element, under: parts, into: &keys) }
            } else {
                keys.append(
                    ParameterKey(
                        name: ParameterName(parts: parts, isArray: true), range: keyRange,
                        isExpression: elements.contains { $0.scalar?.text.contains("${{") == true },
                        literalValues: elements.compactMap(literal)))
            }
        case .scalar(let scalar):
            let isExpression = scalar.text.contains("${{")
            keys.append(
                ParameterKey(
                    name: ParameterName(parts: parts, isArray: isArray), range: keyRange, isExpression: isExpression,
                    literalValues: isExpression || value.isNull ? [] : [literal(value)].compactMap { $0 }))
        }
    }

    private static func literal(_ node: YAMLNode) -> (String, SourceRange)? {
        guard let scalar = node.scalar, !scalar.text.contains("${{"), !node.isNull else { return nil }
        return (scalar.text, node.range)
    }
}
