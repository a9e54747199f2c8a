extension LibYAMLError {
    /// libyaml's problem in words a Canvas admin understands, keeping libyaml's own wording recognisable.
    ///
    /// - Parameter character: the character at the problem's position, when known.
    func reworded(found character: Unicode.Scalar?) -> String {
        switch problem {
        case "found character that cannot start any token":
            switch character {
            case "\t":
                return "found a tab character where indentation is expected; YAML indents with spaces"
            case "@", "`":
                return "found '\(character.map(String.init) ?? "")', which cannot start a value "
                    + "(found character that cannot start any token); YAML reserves '@' and '`', so quote the value"
            case let character?:
                return "found '\(Self.printable(character))', which cannot start a value "
                    + "(found character that cannot start any token); quote the value"
            case nil:
                return problem
            }
        case "found a tab character that violates indentation":
            return "found a tab character that violates indentation; YAML indents with spaces"
        case "found a tab character where an indentation space is expected":
            return "found a tab character where an indentation space is expected in a block of text ('|' or '>'); "
                + "YAML indents with spaces"
        case "mapping values are not allowed in this context":
            return "found a ':' where no key can start (mapping values are not allowed in this context); "
                + "check this line's indentation, or quote a value that contains ': '"
        case "could not find expected ':'":
            return "could not find the expected ':' after a key; a key and its ':' must be on one line"
        case "found unexpected end of stream":
            return context?.contains("quoted") == true
                ? "unterminated quoted text: the file ends before the closing quote (found unexpected end of stream)"
                : "the file ends too early (found unexpected end of stream)"
        case "found unexpected document indicator":
            return "unterminated quoted text: found a document marker ('---' or '...') before the closing quote"
        case "found unknown escape character":
            return "unknown escape sequence in double-quoted text (found unknown escape character); "
                + "write '\\\\' for a backslash, or use single quotes"
        case "did not find expected key":
            return "did not find the expected key; this line is probably indented wrongly (did not find expected key)"
        case "did not find expected '-' indicator":
            return "did not find the expected '-' of a list item; this line is probably indented wrongly "
                + "(did not find expected '-' indicator)"
        case "did not find expected ',' or ']'":
            return "did not find the expected ',' or ']' in a flow list ([ ]); separate items with ',' "
                + "or quote an item that contains a bracket (did not find expected ',' or ']')"
        case "did not find expected ',' or '}'":
            return "did not find the expected ',' or '}' in a flow mapping ({ }); separate entries with ',' "
                + "or quote a value that contains a brace (did not find expected ',' or '}')"
        case "did not find expected node content":
            return "did not find the expected value here (did not find expected node content)"
        case "did not find expected <document start>":
            return "found more content after the document has ended (did not find expected <document start>); "
                + "check this line's indentation"
        case "block sequence entries are not allowed in this context":
            return "a '-' list item cannot start here (block sequence entries are not allowed in this context); "
                + "start the list on a new line, indented under its key"
        case "control characters are not allowed":
            return "found a control character, which YAML does not allow (control characters are not allowed)"
        case "found undefined tag handle":
            return "found an undefined tag handle; declare it with a %TAG directive or remove the tag"
        default:
            return problem
        }
    }

    private static func printable(_ character: Unicode.Scalar) -> String {
        character.properties.generalCategory == .control
            ? "U+" + String(character.value, radix: 16, uppercase: true) : String(character)
    }
}
