import Foundation
import Session

/// Approval asked on the terminal: the question on standard error, the answer a line of standard input.
struct TerminalPrompt: ApprovalPrompt {
    let output: TerminalOutput

    var canAsk: Bool { isatty(STDIN_FILENO) == 1 }

    func ask(_ question: String) -> String? {
        output.printError(question, terminator: "")
        return readLine()
    }
}
