public import Diagnostics
public import EndpointCatalog
import Foundation
import YAML

/// Checks every raw request of a job file (`get:`, `request:`, `verify.get`) against Canvas's endpoint catalog:
/// the path and method, and each `query:` and `body:` key with its literal values.
///
/// Every finding is a warning: Canvas can be newer than the catalog, so an endpoint it lacks may still exist.
/// `easel validate --strict` treats them as errors.
public struct EndpointLinter: Sendable {
    /// The catalog requests are checked against.
    public var catalog: CanvasEndpoints

    /// Creates a linter over `catalog`.
    public init(catalog: CanvasEndpoints = .catalog) {
        self.catalog = catalog
    }

    /// The warnings for a job file; nothing when it cannot be parsed (the decoder reports that).
    public func lint(_ source: SourceFile) -> [Diagnostic] {
        guard let root = try? YAMLParser.parse(source), let steps = root["steps"]?.sequence else { return [] }
        var findings = DiagnosticCollector(file: source.path)
        for step in steps {
            if let path = step["get"] {
                check(method: "GET", path: path, query: step["query"], body: nil, into: &findings)
            }
            if let request = step["request"], let text = request.scalar?.text {
                let words = text.split(separator: " ", maxSplits: 1)
                if words.count == 2 {
                    check(
                        method: words[0].uppercased(), pathText: String(words[1]), at: request.range,
                        query: step["query"], body: step["body"], into: &findings)
                }
            }
            if let verify = step["verify"], let path = verify["get"] {
                check(method: "GET", path: path, query: verify["query"], body: nil, into: &findings)
            }
        }
        return findings.all
    }

    private func check(
        method: String, path: YAMLNode, query: YAMLNode?, body: YAMLNode?, into findings: inout DiagnosticCollector
    ) {
        guard let text = path.scalar?.text else { return }
        check(method: method, pathText: text, at: path.range, query: query, body: body, into: &findings)
    }

    private func check(
        method: String, pathText: String, at range: SourceRange, query: YAMLNode?, body: YAMLNode?,
        into findings: inout DiagnosticCollector
    ) {
        let pattern = RequestPathPattern(jobPath: pathText)
        guard case .literal? = pattern.segments.first else { return }
        switch catalog.lookUp(method: method, path: pattern) {
        case .unknownPath(let suggestion):
            findings.warning(
                "no Canvas endpoint matches '\(method) \(pathText)'", at: range,
                notes: suggestion.map { [Diagnostic.Note("did you mean '\(method) \($0)'?")] } ?? [])
        case .wrongMethod(let allowed, let path):
            findings.warning(
                "Canvas's '\(path)' takes \(allowed.joined(separator: ", ")), not \(method)", at: range,
                notes: allowed.count == 1 ? [Diagnostic.Note("did you mean '\(allowed[0]) \(pathText)'?")] : [])
        case .found(let endpoints):
            var keys: [ParameterKey] = []
            for node in [query, body].compactMap({ $0 }) { ParameterKey.collect(node, into: &keys) }
            for key in keys { check(key, against: endpoints, into: &findings) }
        }
    }

    private func check(_ key: ParameterKey, against endpoints: [Endpoint], into findings: inout DiagnosticCollector) {
        if CanvasEndpoints.universalParameters.contains(key.name.parts.first ?? "") { return }
        let documented = endpoints.compactMap { $0.parameter(accepting: key.name) }
        guard let parameter = documented.first else {
            // An expression may stand for a whole object of documented sub-keys.
            if key.isExpression, endpoints.contains(where: { $0.hasParameter(under: key.name) }) { return }
            // Paging is accepted everywhere and so is suggested everywhere (`per_pag` → `per_page`).
            let names = endpoints.flatMap { $0.parameters.map(\.name.text) } + ["per_page", "page"]
            let close = closestParameter(to: key.name, among: names)
            findings.warning(
                "'\(key.name)' is not a parameter of \(endpoints[0].description) (\(endpoints[0].id))",
                at: key.range, notes: close.map { [Diagnostic.Note("did you mean '\($0)'?")] } ?? [])
            return
        }
        for (value, range) in key.literalValues {
            guard let problem = parameter.problem(with: value) else { continue }
            let close = parameter.allowedValues.isEmpty ? nil : closestValue(to: value, among: parameter.allowedValues)
            findings.warning(
                "'\(key.name)' of \(endpoints[0].description): \(problem)", at: range,
                notes: close.map { [Diagnostic.Note("did you mean '\($0)'?")] } ?? [])
        }
    }

    private func closestParameter(to name: ParameterName, among names: [String]) -> String? {
        let withoutArrays = Dictionary(
            names.map { (ParameterName($0).text.replacingOccurrences(of: "[]", with: ""), $0) }
        ) {
            first, _ in first
        }
        let written = name.text.replacingOccurrences(of: "[]", with: "")
        if let match = CanvasEndpoints.closestName(to: written, among: Array(withoutArrays.keys)) {
            return withoutArrays[match]
        }
        guard let last = name.parts.last, name.parts.count > 0 else { return nil }
        // Only the innermost part misspelt: `course[term_id]` → `course[enrollment_term_id]`.
        let siblings = names.filter { ParameterName($0).parts.dropLast() == name.parts.dropLast() }
        let lastParts = Dictionary(siblings.map { (ParameterName($0).parts.last ?? "", $0) }) { first, _ in first }
        return CanvasEndpoints.closestName(to: last, among: Array(lastParts.keys)).flatMap { lastParts[$0] }
    }

    private func closestValue(to value: String, among values: [String]) -> String? {
        CanvasEndpoints.closestName(to: value, among: values)
    }
}

extension Endpoint {
    /// Whether some documented parameter lies under `name` (`course` for `course[name]`).
    fileprivate func hasParameter(under name: ParameterName) -> Bool {
        parameters.contains { $0.name.parts.starts(with: name.parts) }
    }
}
