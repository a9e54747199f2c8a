import ArgumentParser

/// `--var NAME=VALUE`, shared by every command that reads a job.
struct VariableOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: ArgumentHelp("Override a job variable.", valueName: "NAME=VALUE"))
    var values: [String] = []

    /// The overrides as name–value pairs, in order.
    func overrides() throws(ValidationError) -> [(String, String)] {
        try values.map { (text: String) throws(ValidationError) -> (String, String) in
            guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                throw ValidationError("--var takes NAME=VALUE, got '\(text)'")
            }
            return (String(text[..<equals]), String(text[text.index(after: equals)...]))
        }
    }
}
