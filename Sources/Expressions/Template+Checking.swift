public import Diagnostics
import JSONValues

extension Template {
    /// Reports what can be known wrong without any data: unknown names and functions (with "did you mean"),
    /// wrong argument counts, and operators or functions applied to literals of the wrong type.
    public func check(into diagnostics: inout DiagnosticCollector) {
        for expression in expressions { expression.check(into: &diagnostics) }
    }
}

extension Expression {
    /// Reports the static problems of this expression and its subexpressions.
    func check(into diagnostics: inout DiagnosticCollector) {
        switch self {
        case .literal, .invalid:
            break
        case .root(let name, let range):
            checkRoot(name, at: range, into: &diagnostics)
        case .member(let base, _, _):
            base.check(into: &diagnostics)
        case .index(let base, let index, _):
            base.check(into: &diagnostics)
            index.check(into: &diagnostics)
            if let value = index.literalValue, !ValueKinds([.number, .string]).contains(ValueKinds(of: value)) {
                diagnostics.error("an index must be a number or a string, got \(value.typeName)", at: index.range)
            }
        case .not(let operand, _):
            operand.check(into: &diagnostics)
        case .binary(let op, let left, let right, let range):
            left.check(into: &diagnostics)
            right.check(into: &diagnostics)
            if op.isOrdering { checkOrdering(op, left, right, at: range, into: &diagnostics) }
        case .call(let name, let arguments, let range):
            for argument in arguments { argument.check(into: &diagnostics) }
            checkCall(name, arguments, at: range, into: &diagnostics)
        }
    }

    private func checkRoot(_ name: String, at range: SourceRange?, into diagnostics: inout DiagnosticCollector) {
        guard !EvaluationScope.rootNames.contains(name) else { return }
        let roots = EvaluationScope.rootNames.joined(separator: ", ")
        if BuiltinFunction(rawValue: name) != nil {
            diagnostics.error("'\(name)' is a function; call it with parentheses, as in \(name)(…)", at: range)
            return
        }
        let diagnostic = Diagnostic.error(
            "unknown name '\(name)' in expression",
            at: range,
            notes: [Diagnostic.Note("a path starts with one of: \(roots)")]
        )
        diagnostics.append(diagnostic.suggesting(suggestion(for: name, among: EvaluationScope.rootNames)))
    }

    private func checkOrdering(
        _ op: BinaryOperator,
        _ left: Expression,
        _ right: Expression,
        at range: SourceRange?,
        into diagnostics: inout DiagnosticCollector
    ) {
        if let leftValue = left.literalValue, let rightValue = right.literalValue {
            do {
                _ = try Expression.compare(leftValue, rightValue, with: op, at: range)
            } catch {
                diagnostics.append(error.diagnostic)
            }
            return
        }
        // One literal side is enough to know: null, booleans never order against anything.
        for side in [left, right] {
            guard let value = side.literalValue, ValueKinds([.null, .boolean]).contains(ValueKinds(of: value)) else {
                continue
            }
            diagnostics.error(
                "'\(op.rawValue)' compares numbers or strings, not \(value.typeName == "null" ? "null" : "booleans")",
                at: side.range
            )
        }
    }

    private func checkCall(
        _ name: String,
        _ arguments: [Expression],
        at range: SourceRange?,
        into diagnostics: inout DiagnosticCollector
    ) {
        guard let function = BuiltinFunction(rawValue: name) else {
            let diagnostic = Diagnostic.error("unknown function '\(name)'", at: range)
            diagnostics.append(diagnostic.suggesting(BuiltinFunction.suggestedName(for: name)))
            return
        }
        if let message = function.argumentCountMessage(arguments.count) {
            diagnostics.error(message, at: range)
            return
        }
        for (position, argument) in arguments.enumerated() {
            guard let value = argument.literalValue, !function.kinds(at: position).contains(ValueKinds(of: value))
            else { continue }
            let message = function.argumentKindMessage(position: position, count: arguments.count, got: value.typeName)
            diagnostics.error(message, at: argument.range)
        }
        if function == .format, case .string(let text)? = arguments.first?.literalValue {
            do {
                let format = try FormatString(parsing: text)
                if let message = format.argumentCountMessage(given: arguments.count - 1) {
                    diagnostics.error(message, at: range)
                }
            } catch {
                diagnostics.error(error.message, at: arguments[0].range)
            }
        }
    }
}
