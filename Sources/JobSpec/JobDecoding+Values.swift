import Diagnostics
import Expressions
import Foundation
import JSONValues
import OrderedCollections
import YAML

extension JobDecoding {
    /// Reports every key of `pairs` that is not in `allowed`, with a suggestion.
    /// Reports every key of `pairs` that is not `allowed`, with the allowed key it is closest to; returns those
    /// closest keys, so that a "missing key" error does not follow from a misspelling already reported.
    @discardableResult
    mutating func checkKeys(_ pairs: [YAMLNode.Pair], allowed: [String], in context: String) -> Set<String> {
        var meant: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.scalar?.text else {
                diagnostics.error("keys in \(context) must be plain names", at: pair.key.range)
                continue
            }
            guard !allowed.contains(key) else { continue }
            let suggested = suggestion(for: key, among: allowed)
            if let suggested { meant.insert(suggested) }
            diagnostics.append(
                Diagnostic.error("unknown key '\(key)' in \(context)", at: pair.key.range).suggesting(suggested))
        }
        return meant
    }

    mutating func mapping(_ node: YAMLNode, what: String) -> [YAMLNode.Pair]? {
        if let pairs = node.mapping { return pairs }
        diagnostics.error("\(what) must be a mapping (key: value lines), not \(describe(node))", at: node.range)
        return nil
    }

    mutating func sequence(_ node: YAMLNode, what: String) -> [YAMLNode]? {
        if let elements = node.sequence { return elements }
        diagnostics.error("\(what) must be a list, not \(describe(node))", at: node.range)
        return nil
    }

    mutating func string(_ node: YAMLNode, what: String) -> String? {
        guard let scalar = node.scalar, !node.isNull else {
            diagnostics.error("\(what) must be a string, not \(describe(node))", at: node.range)
            return nil
        }
        return scalar.text
    }

    mutating func integer(_ node: YAMLNode, what: String) -> Int? {
        if case .int(let value)? = node.scalarValue { return value }
        diagnostics.error("\(what) must be a whole number, not \(describe(node))", at: node.range)
        return nil
    }

    mutating func positiveInteger(_ node: YAMLNode, what: String) -> Int? {
        guard let value = integer(node, what: what) else { return nil }
        guard value > 0 else {
            diagnostics.error("\(what) must be at least 1, not \(value)", at: node.range)
            return nil
        }
        return value
    }

    mutating func nonNegativeInteger(_ node: YAMLNode, what: String) -> Int? {
        guard let value = integer(node, what: what) else { return nil }
        guard value >= 0 else {
            diagnostics.error("\(what) must be 0 or more, not \(value)", at: node.range)
            return nil
        }
        return value
    }

    mutating func enumeration<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ type: E.Type, what: String) -> E?
    where E.RawValue == String {
        guard let text = string(node, what: what) else { return nil }
        if let value = E(rawValue: text) { return value }
        let choices = E.allCases.map(\.rawValue)
        diagnostics.append(
            Diagnostic.error(
                "\(what) must be one of \(choices.map { "'\($0)'" }.joined(separator: ", ")), not '\(text)'",
                at: node.range
            ).suggesting(suggestion(for: text, among: choices)))
        return nil
    }

    /// A name usable after a dot in an expression (`vars.term`, `steps.shells`).
    mutating func identifier(_ node: YAMLNode, what: String) -> String? {
        guard let text = string(node, what: what) else { return nil }
        guard Self.isIdentifier(text) else {
            diagnostics.error(
                "\(what) '\(text)' must start with a letter or '_' and hold only letters, digits and '_', so expressions can name it",
                at: node.range)
            return nil
        }
        return text
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
        }
    }

    /// A string scalar parsed as a template (a plain value with no `${{` is a literal template).
    mutating func template(_ node: YAMLNode, what: String) -> Template? {
        guard let scalar = node.scalar, !node.isNull || scalar.style != .plain else {
            diagnostics.error("\(what) must be a string, not \(describe(node))", at: node.range)
            return nil
        }
        return parseTemplate(scalar, range: node.range)
    }

    mutating func parseTemplate(_ scalar: YAMLNode.Scalar, range: SourceRange) -> Template {
        var start: SourceLocation? = range.start
        switch scalar.style {
        case .plain: break
        case .singleQuoted, .doubleQuoted: start = range.start.advanced(by: 1)
        case .literal, .folded: start = nil
        }
        let template = Template.parse(scalar.text, at: start, range: range, into: &diagnostics)
        template.check(into: &diagnostics)
        return template
    }

    /// Any YAML value, with `${{ }}` parsed in its strings.
    mutating func valueTemplate(_ node: YAMLNode) -> ValueTemplate {
        switch node.kind {
        case .scalar(let scalar):
            if scalar.text.contains("${{") {
                return .template(parseTemplate(scalar, range: node.range))
            }
            return .literal(node.toJSONValue())
        case .sequence(let elements):
            let values = elements.map { valueTemplate($0) }
            if values.allSatisfy({ if case .literal = $0 { true } else { false } }) {
                return .literal(node.toJSONValue())
            }
            return .array(values)
        case .mapping(let pairs):
            var members = OrderedDictionary<String, ValueTemplate>()
            var allLiteral = true
            for pair in pairs {
                guard let key = pair.key.scalar?.text else {
                    diagnostics.error("keys must be plain names", at: pair.key.range)
                    continue
                }
                let value = valueTemplate(pair.value)
                if case .literal = value {} else { allLiteral = false }
                members[key] = value
            }
            return allLiteral ? .literal(node.toJSONValue()) : .object(members)
        }
    }

    /// A duration written `500ms`, `2s`, `5m`, `1h`, or a number of seconds.
    mutating func duration(_ node: YAMLNode, what: String) -> Duration? {
        switch node.scalarValue {
        case .int(let seconds)?: return .seconds(seconds)
        case .double(let seconds)?: return .milliseconds(Int(seconds * 1000))
        case .string(let text)?:
            if let value = Self.parseDuration(text) { return value }
        default: break
        }
        diagnostics.error(
            "\(what) must be a duration like '500ms', '2s', '5m' or '1h', not \(describe(node))", at: node.range)
        return nil
    }

    static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0 else { continue }
            return .milliseconds(Int((number * factor * 1000).rounded()))
        }
        return nil
    }

    func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if node.isNull && scalar.style == .plain { return "an empty value" }
            switch node.scalarValue {
            case .bool?: return "a boolean"
            case .int?, .double?: return "a number"
            default: return "a string"
            }
        }
    }
}
