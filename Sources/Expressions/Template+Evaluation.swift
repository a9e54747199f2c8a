public import JSONValues

extension Template {
    /// Evaluates the value: a whole-expression value keeps the expression's type; anything else is a string.
    ///
    /// Interpolating a value that is unknown (only known after a write) gives an unknown whose reason shows the
    /// text with `(known after apply: …)` in its place.
    public func evaluate(in scope: EvaluationScope) throws(EvaluationError) -> JSONValue {
        if let expression = wholeExpression { return try expression.evaluate(in: scope) }
        return try evaluateString(in: scope, escapingInterpolations: { $0 })
    }

    /// Evaluates the value as a string, passing each interpolated value (not the literal text) through `escape`:
    /// for URL paths, where a SIS id such as `sis_course_id:CS/101` must be percent-encoded.
    ///
    /// - Returns: A `.string`, or an unknown when an interpolated value is unknown.
    public func evaluateString(
        in scope: EvaluationScope,
        escapingInterpolations escape: (String) -> String
    ) throws(EvaluationError) -> JSONValue {
        var output = ""
        var unknownReasons: [String] = []
        var unknownText = ""
        for part in parts {
            switch part {
            case .literal(let text):
                output += text
                unknownText += text
            case .expression(let expression):
                let value = try expression.evaluate(in: scope)
                if let reason = value.unknownReason(deep: true) {
                    unknownReasons.append(reason)
                    unknownText += "(known after apply: \(reason))"
                } else {
                    let text = escape(value.interpolated)
                    output += text
                    unknownText += text
                }
            }
        }
        if !unknownReasons.isEmpty {
            // A value that is nothing but one unknown keeps that unknown's own reason.
            if unknownReasons.count == 1, isWholeExpression { return .unknown(unknownReasons[0]) }
            return .unknown(unknownText)
        }
        return .string(output)
    }
}
