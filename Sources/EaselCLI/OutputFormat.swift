import ArgumentParser

/// `--format text|json` for commands that print a report.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    /// Aligned columns for people.
    case text
    /// JSON for scripts.
    case json
}
