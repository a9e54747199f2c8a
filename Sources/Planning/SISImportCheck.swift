public import Diagnostics
import Expressions
import JSONValues
public import JobSpec
import OrderedCollections
import Resources

/// Refuses, before anything is read, the `via: sis_import` steps whose items cannot be written as SIS import rows:
/// a kind with no SIS file, a key or `in:` that is not a SIS id, a field with no column. Each at its place.
public enum SISImportCheck {
    /// The problems of every `via: sis_import` step of `spec`.
    public static func diagnostics(for spec: JobSpec) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for step in spec.steps.values {
            guard case .ensure(let ensure) = step.kind, spec.transport(of: ensure) == .sisImport else { continue }
            found += diagnostics(for: ensure, stepID: step.id, file: spec.source.path)
        }
        return found
    }

    private static func diagnostics(for ensure: Step.EnsureStep, stepID: String, file: String) -> [Diagnostic] {
        guard let format = SISRowFormat.named(ensure.kind.rawValue) else {
            return [
                .error(
                    "step '\(stepID)': via: sis_import cannot write a \(ensure.kind.rawValue): Canvas's SIS imports "
                        + "write " + SISRowFormat.supportedKinds.joined(separator: ", "),
                    file: file, at: ensure.viaRange)
            ]
        }
        let item = EnsureItem(
            key: shape(ensure.key), set: ensure.set.map(shape) ?? [:], create: ensure.create.map(shape) ?? [:],
            state: ensure.state == .absent ? .absent : .present)
        let parentText = ensure.parent.map(parentShape)
        return format.problems(of: item, parentText: parentText).map { problem in
            let range =
                problem.field == "in"
                ? ensure.sources["in"]?.value ?? ensure.parent?.range
                : (problem.concernsName
                    ? ensure.sources[problem.field]?.name : ensure.sources[problem.field]?.value) ?? ensure.viaRange
            return .error("step '\(stepID)': \(problem.message)", file: file, at: range)
        }
    }

    /// A mapping's members as far as they are known without data: a value with expressions stands as its literal
    /// start (`sis_user_id:`), or as unknown.
    private static func shape(_ template: ValueTemplate) -> OrderedDictionary<String, JSONValue> {
        switch template {
        case .literal(let value):
            return value.objectValue ?? [:]
        case .object(let members):
            return members.mapValues { member in
                switch member {
                case .literal(let value): return value
                case .template(let template): return .unknown(parentShape(template))
                default: return .unknown("an expression")
                }
            }
        default:
            return [:]
        }
    }

    private static func parentShape(_ template: Template) -> String {
        if let text = template.literalText { return text }
        guard case .literal(let prefix)? = template.parts.first, prefix.contains(":") else { return "an expression" }
        return prefix
    }
}
