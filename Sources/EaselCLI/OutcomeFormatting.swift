import Execution
import JSONValues
import OrderedCollections

extension RunFormatting {
    /// The outcomes the summary names when some item had them, in the order it names them; `failed` and
    /// `in doubt` come after a semicolon.
    static let outcomeOrder: [ItemOutcome] = [
        .created, .updated, .reactivated, .deleted, .concluded, .sent, .read, .unchanged, .skipped,
    ]

    /// Outcome counts as the apply summary writes them: `12 created, 3 updated, 40 unchanged; 0 failed`, with
    /// `in doubt` and items not yet done (`pending`) added when there are any.
    func outcomes(_ counts: [ItemOutcome: Int], pending: Int = 0) -> String {
        let done = Self.outcomeOrder.compactMap { outcome in
            counts[outcome].flatMap { $0 > 0 ? "\($0) \(outcome)" : nil }
        }
        var problems = ["\(counts[.failed] ?? 0) failed"]
        if let inDoubt = counts[.inDoubt], inDoubt > 0 { problems.append("\(inDoubt) in doubt") }
        if pending > 0 { problems.append("\(pending) pending") }
        return (done.isEmpty ? "nothing done" : done.joined(separator: ", ")) + "; " + problems.joined(separator: ", ")
    }

    /// Outcome counts as a JSON object with every outcome.
    static func json(_ counts: [ItemOutcome: Int]) -> JSONValue {
        .object(
            OrderedDictionary(uniqueKeysWithValues: ItemOutcome.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) }))
    }
}

extension RunSummary.StepCounts {
    /// How many of the step's items have no outcome yet: journaled as on their way when the run stopped.
    var pending: Int { total - outcomes.values.reduce(0, +) }
}

extension RunSummary {
    /// The outcome counts of the whole run.
    var outcomeTotals: [ItemOutcome: Int] {
        Dictionary(uniqueKeysWithValues: ItemOutcome.allCases.map { ($0, count(of: $0)) })
    }

    /// How many items of the whole run have no outcome yet.
    var pending: Int { steps.reduce(0) { $0 + $1.pending } }
}
