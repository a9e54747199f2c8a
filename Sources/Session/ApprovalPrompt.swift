/// How a run asks a person for approval: a question answered with a line typed at a terminal.
public protocol ApprovalPrompt: Sendable {
    /// Whether someone can answer: standard input is a terminal.
    var canAsk: Bool { get }
    /// Shows `question` and returns the line typed in answer, or nil when input ended.
    func ask(_ question: String) -> String?
}
