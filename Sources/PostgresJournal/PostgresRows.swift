import Execution
import Foundation
import JSONValues
import PostgresNIO

/// Converts rows of the journal's tables back to records, reporting damaged rows as errors.
enum PostgresRows {
    /// The item in a row selected with `PostgresJournalSchema.itemColumns`.
    static func item(from row: PostgresRow) throws -> ItemRecord {
        let (
            runID, stepID, key, index, stateName, attempts, canvasID, actionName, httpStatus, outputs, error, updated,
            before, outcome, changedFields
        ) =
            try row.decode(
                (
                    String, String, String, Int, String, Int, String?, String, Int?, String?, String?, Double,
                    String?, String?, String?
                ).self)
        guard let state = ItemState(rawValue: stateName) else {
            throw JournalError.damagedRecord(reason: "unknown item state '\(stateName)'")
        }
        guard let action = ItemAction(rawValue: actionName) else {
            throw JournalError.damagedRecord(reason: "unknown item action '\(actionName)'")
        }
        return ItemRecord(
            runID: RunID(rawValue: runID), stepID: stepID, itemKey: key, itemIndex: index, state: state,
            attempts: attempts, canvasID: canvasID, action: action, httpStatus: httpStatus,
            outputs: try outputs.map { try json(from: $0, field: "outputs") }, errorMessage: error,
            updatedAt: Date(timeIntervalSince1970: updated),
            beforeValues: try before.map { try json(from: $0, field: "before-values") },
            outcome: try ItemOutcome.journaled(outcome),
            changedFields: ItemOutcome.changedFields(fromColumn: changedFields))
    }

    /// The run in a row selected with `PostgresJournalSchema.runColumns`.
    static func run(from row: PostgresRow) throws -> RunRecord {
        let (
            id, jobPath, jobHash, variablesText, environmentName, environmentHost, isProduction, started, finished,
            statusName
        ) = try row.decode(
            (String, String, String, String, String, String, Bool, Double, Double?, String).self)
        guard let status = RunStatus(rawValue: statusName) else {
            throw JournalError.damagedRecord(reason: "unknown run status '\(statusName)'")
        }
        guard case .object(let variables) = try json(from: variablesText, field: "variables") else {
            throw JournalError.damagedRecord(reason: "the run's variables are not a JSON object")
        }
        return RunRecord(
            id: RunID(rawValue: id), jobPath: jobPath, jobHash: jobHash, variables: variables,
            environmentName: environmentName, environmentHost: environmentHost, isProduction: isProduction,
            startedAt: Date(timeIntervalSince1970: started),
            finishedAt: finished.map { Date(timeIntervalSince1970: $0) },
            status: status)
    }

    /// How many values an item's row has.
    static let itemColumnCount = 15

    /// Appends the values of an item's row, in `itemColumns` order.
    static func append(_ item: ItemRecord, to binds: inout PostgresBindings) {
        binds.append(item.runID.rawValue)
        binds.append(item.stepID)
        binds.append(item.itemKey)
        binds.append(item.itemIndex)
        binds.append(item.state.rawValue)
        binds.append(item.attempts)
        binds.append(item.canvasID)
        binds.append(item.action.rawValue)
        binds.append(item.httpStatus)
        binds.append(item.outputs?.serialized())
        binds.append(item.errorMessage)
        binds.append(item.updatedAt.timeIntervalSince1970)
        binds.append(item.beforeValues?.serialized())
        binds.append(item.outcome?.rawValue)
        binds.append(ItemOutcome.columnText(of: item.changedFields))
    }

    private static func json(from text: String, field: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw JournalError.damagedRecord(reason: "the \(field) are not valid JSON: \(error)")
        }
    }
}
