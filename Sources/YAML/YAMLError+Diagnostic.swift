import Diagnostics

extension YAMLError {
    /// The diagnostic for this problem in `file`.
    func diagnostic(file: String) -> Diagnostic {
        switch self {
        case .syntax(let error, let site):
            var notes: [Diagnostic.Note] = []
            if let context = error.context, let location = error.contextLocation {
                notes.append(
                    Diagnostic.Note(
                        "\(context) that starts at line \(location.line), column \(location.column)",
                        at: SourceRange(at: location)
                    )
                )
            }
            if site.lineHasExpression {
                notes.append(
                    Diagnostic.Note("if this line holds a '${{ … }}' containing ': ' or ' #', quote the whole value")
                )
            }
            return .error(
                error.reworded(found: site.character),
                file: file,
                at: site.location.map { SourceRange(at: $0) },
                notes: notes
            )
        case .expressionInFlowCollection(let range):
            return .error(
                "'${{ … }}' cannot appear unquoted inside a flow collection ({ } or [ ]); "
                    + "quote the value (\"${{ … }}\") or use block style",
                file: file,
                at: range
            )
        case .duplicateKey(let key, let range, let first):
            return .error(
                "duplicate key '\(key)' in this mapping; each key may appear only once",
                file: file,
                at: range,
                notes: [Diagnostic.Note("first defined at line \(first.start.line)", at: first)]
            )
        case .multipleDocuments(let range):
            return .error(
                "found a second YAML document; a job file holds exactly one document, so remove this '---' "
                    + "and what follows or move it to a file of its own",
                file: file,
                at: range
            )
        case .unknownAlias(let name, let range, let suggestion):
            return Diagnostic.error(
                "unknown alias '*\(name)': no anchor '&\(name)' is defined before it",
                file: file,
                at: range
            ).suggesting(suggestion.map { "*" + $0 })
        case .recursiveAlias(let name, let range):
            return .error(
                "alias '*\(name)' is inside the value its anchor '&\(name)' names; a value cannot contain itself",
                file: file,
                at: range
            )
        case .tooManyNodes(let limit, let range):
            return .error(
                "this document holds more than \(Self.grouped(limit)) values once its aliases are expanded; "
                    + "an alias that repeats a large value many times over is not accepted",
                file: file,
                at: range
            )
        case .tooDeep(let limit, let range):
            return .error(
                "values are nested more than \(limit) levels deep here, which is more than easel accepts",
                file: file,
                at: range
            )
        case .invalidMergeValue(let range):
            return .error(
                "the merge key '<<' takes a mapping or a list of mappings, such as '<<: *defaults'",
                file: file,
                at: range
            )
        }
    }

    /// `1000000` as `1,000,000`.
    private static func grouped(_ number: Int) -> String {
        var digits = String(number)
        var position = digits.count - 3
        while position > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: position))
            position -= 3
        }
        return digits
    }
}
