public import Diagnostics
import Expressions
import JSONValues
public import JobSpec
import OrderedCollections
import Resources

/// Checks the fields of every `ensure` step against its kind's field table before anything is read: names under
/// `key:`, `set:` and `create:`, the types and words of values written literally, and the form of `in:`; each
/// problem at its place in the job file, with "did you mean" where a name or word is close.
public enum EnsureFieldCheck {
    /// The problems of every `ensure` step of `spec`, sorted by position.
    public static func diagnostics(for spec: JobSpec) -> [Diagnostic] {
        var collector = DiagnosticCollector()
        for step in spec.steps.values {
            guard case .ensure(let ensure) = step.kind else { continue }
            for diagnostic in diagnostics(for: ensure, stepID: step.id, file: spec.source.path) {
                collector.append(diagnostic)
            }
        }
        for diagnostic in SISImportCheck.diagnostics(for: spec) { collector.append(diagnostic) }
        return collector.sorted
    }

    /// The job at `path` with its `ensure` fields checked, or every problem of it.
    public static func load(path: String, varOverrides: [(String, String)] = []) throws(DiagnosticsError)
        -> StepGraph
    {
        // The fields are checked even when the job has other errors, so that one pass reports them all.
        let decoded = JobFileDecoder().loadKeepingProblems(path: path, varOverrides: varOverrides)
        guard let spec = decoded.spec else { throw DiagnosticsError(decoded.problems) }
        let fieldProblems = diagnostics(for: spec)
        var problems = DiagnosticCollector()
        problems.append(contentsOf: decoded.problems)
        problems.append(contentsOf: fieldProblems)
        if problems.hasErrors || !fieldProblems.isEmpty { throw DiagnosticsError(problems.sorted) }
        let graph = try StepGraph(spec)
        return graph
    }

    private static func diagnostics(for ensure: Step.EnsureStep, stepID: String, file: String) -> [Diagnostic] {
        guard let kind = try? ResourceKinds.named(ensure.kind.rawValue) else { return [] }
        let item = EnsureItem(
            parent: ensure.parent.map(parentValue),
            key: fields(ensure.key), set: ensure.set.map(fields) ?? [:], create: ensure.create.map(fields) ?? [:],
            state: ensure.state == .absent ? .absent : .present)
        let keyIsMapping = if case .template = ensure.key { false } else { true }
        return kind.validate(item).filter { problem in
            if case .unsupportedKey = problem { return keyIsMapping }
            return true
        }.map { problem in
            diagnostic(for: problem, kind: kind, item: item, ensure: ensure, stepID: stepID, file: file)
        }
    }

    private static func diagnostic(
        for problem: ResourceError, kind: ResourceKind, item: EnsureItem, ensure: Step.EnsureStep, stepID: String,
        file: String
    ) -> Diagnostic {
        let message = "step '\(stepID)': \(problem)"
        switch problem {
        case .unknownField(let kindName, let field, let suggested):
            let source = ["set", "create", "key"].lazy.compactMap { ensure.sources["\($0).\(field)"] }.first
            let unsuggested = ResourceError.unknownField(kind: kindName, field: field, suggestion: nil)
            return Diagnostic.error("step '\(stepID)': \(unsuggested)", file: file, at: source?.name)
                .suggesting(suggested)
        case .fieldTwice(_, let field):
            return .error(message, file: file, at: ensure.sources["create.\(field)"]?.name)
        case .fieldOfParent(_, let field):
            let source = ["set", "create"].lazy.compactMap { ensure.sources["\($0).\(field)"] }.first
            return .error(message, file: file, at: source?.name)
        case .invalidValue(_, let field, _, _):
            let source = ["key", "set", "create"].lazy.compactMap { ensure.sources["\($0).\(field)"] }.first
            var diagnostic = Diagnostic.error(message, file: file, at: source?.value)
            let value = item.key[field] ?? item.set[field] ?? item.create[field]
            if case .choice(let words)? = kind.field(named: field)?.type, let text = value?.stringValue {
                diagnostic = diagnostic.suggesting(suggestion(for: text, among: words))
            } else if let option = kind.deleteOptions.first(where: { $0.name == field }),
                let text = value?.stringValue
            {
                diagnostic = diagnostic.suggesting(suggestion(for: text, among: option.values))
            }
            return diagnostic
        case .invalidParent:
            return .error(message, file: file, at: ensure.sources["in"]?.value ?? ensure.parent?.range)
        default:
            let first = ensure.sources.filter { $0.key.hasPrefix("key.") }.map(\.value.name).min {
                $0.start < $1.start
            }
            return .error(message, file: file, at: first)
        }
    }

    /// The literal members of a mapping, each value with expressions standing as a value known only later.
    private static func fields(_ template: ValueTemplate) -> OrderedDictionary<String, JSONValue> {
        switch template {
        case .literal(let value):
            return value.objectValue ?? [:]
        case .object(let members):
            return members.mapValues { member in
                if case .literal(let value) = member { return value }
                return .unknown("an expression")
            }
        default:
            return [:]
        }
    }

    /// `in:` as far as it is known without data: its text, or its literal start with a stand-in id after it
    /// (`sis_section_id:${{ … }}` is checked as `sis_section_id:1`), or unknown.
    private static func parentValue(_ template: Template) -> JSONValue {
        if let text = template.literalText { return .string(text) }
        guard case .literal(let prefix)? = template.parts.first, prefix.hasSuffix(":") else {
            return .unknown("an expression")
        }
        return .string(prefix + "1")
    }
}
