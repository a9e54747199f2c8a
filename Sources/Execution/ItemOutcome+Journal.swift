extension ItemOutcome {
    /// The outcome a journal column holds, nil for none; throws `JournalError.damagedRecord` for a name no
    /// Easel writes.
    public static func journaled(_ name: String?) throws -> ItemOutcome? {
        guard let name else { return nil }
        guard let outcome = ItemOutcome(rawValue: name) else {
            throw JournalError.damagedRecord(reason: "unknown item outcome '\(name)'")
        }
        return outcome
    }

    /// The journal column of changed field names: the names joined by commas, nil for none.
    public static func columnText(of changedFields: [String]) -> String? {
        changedFields.isEmpty ? nil : changedFields.joined(separator: ",")
    }

    /// The changed field names of a journal column written by `columnText(of:)`.
    public static func changedFields(fromColumn text: String?) -> [String] {
        guard let text, !text.isEmpty else { return [] }
        return text.split(separator: ",").map(String.init)
    }
}
