import Diagnostics
import Expressions
import Foundation
import OrderedCollections

/// Checks that every expression path in a job names something that exists: a variable, an input, a step and
/// its `output` or `items`, a column of the CSV an item comes from, an allowed environment variable.
struct ReferenceChecker {
    let spec: JobSpec
    /// Steps the job names whose own errors kept them out of `spec`: references to them are not errors too.
    var undecodedSteps: Set<String> = []
    /// Steps kept out of `spec` by an error of their own, whose expressions and `needs` are checked all the same.
    var partialSteps: [JobDecoding.PartialStep] = []

    static let roots = ["vars", "inputs", "item", "steps", "env"]
    static let stepMembers = ["output", "items"]
    static let stepItemMembers = ["input", "output", "status", "key", "index"]

    func check(into diagnostics: inout DiagnosticCollector) {
        for step in spec.steps.values {
            check(step, templates: step.templates, into: &diagnostics)
        }
        for partial in partialSteps {
            check(partial.step, templates: partial.templates, into: &diagnostics)
        }
    }

    private func check(_ step: Step, templates: [Template], into diagnostics: inout DiagnosticCollector) {
        // `templates` lists the `for_each` templates first; `item` exists in every other one.
        let forEachCount = step.forEach?.templates.count ?? 0
        for (index, template) in templates.enumerated() {
            let itemAllowed = step.isFanOut && index >= forEachCount
            for reference in template.references {
                check(reference, in: step, itemAllowed: itemAllowed, into: &diagnostics)
            }
        }
        if case .request(let request) = step.kind, let undo = request.undo {
            for reference in undo.templates.flatMap(\.references) {
                checkUndo(reference, in: step, into: &diagnostics)
            }
        }
        for (index, need) in step.needs.enumerated() {
            if need == step.id {
                diagnostics.error(
                    "step '\(step.id)' needs itself, a cycle of one (\(need) → \(need)); a step cannot wait for its own end",
                    at: step.needsRanges[index])
            } else if spec.steps[need] == nil, !undecodedSteps.contains(need) {
                diagnostics.append(
                    Diagnostic.error("step '\(step.id)' needs unknown step '\(need)'", at: step.needsRanges[index])
                        .suggesting(suggestion(for: need, among: spec.steps.keys)))
            }
        }
    }

    /// A reference in an `undo:`, which `easel undo` evaluates after the run: `item` (with `item.output`, what
    /// Canvas answered), `vars`, `inputs` and `env`, but no step's results.
    private func checkUndo(_ reference: Reference, in step: Step, into diagnostics: inout DiagnosticCollector) {
        switch reference.root {
        case "steps":
            diagnostics.error(
                "'undo' cannot read steps: it is sent by 'easel undo' after the run; use item.output (what Canvas "
                    + "answered to this item) or vars",
                at: reference.range)
        case "item":
            guard case .member(let member)? = reference.components.first, member != "output" else { return }
            if step.isFanOut {
                check(reference, in: step, itemAllowed: true, into: &diagnostics)
            } else {
                diagnostics.error(
                    "in the 'undo' of a step without 'for_each', 'item' has only 'output' (what Canvas answered)",
                    at: reference.range)
            }
        default:
            check(reference, in: step, itemAllowed: false, into: &diagnostics)
        }
    }

    private func check(
        _ reference: Reference, in step: Step, itemAllowed: Bool, into diagnostics: inout DiagnosticCollector
    ) {
        let members = reference.components.map { component -> String? in
            if case .member(let name) = component { return name }
            return nil
        }
        let first = members.first ?? nil
        switch reference.root {
        case "vars":
            guard let name = first else { return }
            if spec.vars[name] == nil {
                diagnostics.append(
                    Diagnostic.error("undefined variable 'vars.\(name)'", at: reference.range)
                        .suggesting(suggestion(for: name, among: spec.vars.keys)))
            }
        case "inputs":
            guard let name = first else { return }
            if spec.inputs[name] == nil {
                diagnostics.append(
                    Diagnostic.error("undefined input 'inputs.\(name)'", at: reference.range)
                        .suggesting(suggestion(for: name, among: spec.inputs.keys)))
            }
        case "env":
            guard let name = first else { return }
            if !spec.allowedEnvironment.contains(name) {
                diagnostics.error(
                    "'env.\(name)' is not in the job's 'env' list; list the environment variables a job may read",
                    at: reference.range)
            }
        case "steps":
            checkStepReference(reference, members: members, from: step, into: &diagnostics)
        case "item":
            guard itemAllowed else {
                diagnostics.error(
                    "'item' exists only in steps with 'for_each' (and not in 'for_each' itself)", at: reference.range)
                return
            }
            checkItemReference(reference, member: first, in: step, into: &diagnostics)
        default:
            diagnostics.append(
                Diagnostic.error(
                    "unknown name '\(reference.root)'; expressions start with vars, inputs, item, steps or env",
                    at: reference.range
                )
                .suggesting(suggestion(for: reference.root, among: Self.roots)))
        }
    }

    private func checkStepReference(
        _ reference: Reference, members: [String?], from step: Step, into diagnostics: inout DiagnosticCollector
    ) {
        guard let id = members.first ?? nil, !undecodedSteps.contains(id) else { return }
        guard let target = spec.steps[id] else {
            diagnostics.append(
                Diagnostic.error("unknown step 'steps.\(id)'", at: reference.range)
                    .suggesting(suggestion(for: id, among: spec.steps.keys)))
            return
        }
        guard members.count > 1 else {
            diagnostics.error(
                "say which part of step '\(id)' to use: 'steps.\(id).output' or 'steps.\(id).items'",
                at: reference.range)
            return
        }
        guard let member = members[1] else { return }
        if !Self.stepMembers.contains(member) {
            diagnostics.append(
                Diagnostic.error(
                    "step '\(id)' has no '\(member)'; use 'steps.\(id).output' or 'steps.\(id).items'",
                    at: reference.range
                )
                .suggesting(suggestion(for: member, among: Self.stepMembers)))
        } else if member == "items" && !target.isFanOut {
            diagnostics.error(
                "'steps.\(id).items' exists only for steps with 'for_each'; step '\(id)' runs once: use 'steps.\(id).output'",
                at: reference.range)
        }
    }

    private func checkItemReference(
        _ reference: Reference, member: String?, in step: Step, into diagnostics: inout DiagnosticCollector
    ) {
        guard let member, let source = itemSource(of: step) else { return }
        switch source {
        case .csv(let inputName, let columns):
            if !columns.contains(member) {
                diagnostics.append(
                    Diagnostic.error(
                        "'item.\(member)': input '\(inputName)' has no column '\(member)' (its columns: \(columns.joined(separator: ", ")))",
                        at: reference.range
                    ).suggesting(suggestion(for: member, among: columns)))
            }
        case .stepItems(let id):
            if !Self.stepItemMembers.contains(member) {
                diagnostics.append(
                    Diagnostic.error(
                        "'item.\(member)': items of step '\(id)' have input, output, status, key and index (the row is 'item.input.\(member)')",
                        at: reference.range
                    ).suggesting(suggestion(for: member, among: Self.stepItemMembers)))
            }
        }
    }

    private enum ItemSource {
        case csv(input: String, columns: [String])
        case stepItems(String)
    }

    /// Where a fan-out step's items come from, when its `for_each` is one plain path.
    private func itemSource(of step: Step) -> ItemSource? {
        guard case .template(let template)? = step.forEach, template.isWholeExpression, template.references.count == 1,
            let reference = template.references.first
        else { return nil }
        let members = reference.components.compactMap { component -> String? in
            if case .member(let name) = component { return name }
            return nil
        }
        guard members.count == reference.components.count else { return nil }
        if reference.root == "inputs", members.count == 1, let input = spec.inputs[members[0]],
            let columns = input.columns
        {
            return .csv(input: members[0], columns: columns)
        }
        if reference.root == "steps", members.count == 2, members[1] == "items",
            spec.steps[members[0]]?.isFanOut == true
        {
            return .stepItems(members[0])
        }
        return nil
    }
}
