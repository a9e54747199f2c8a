import Execution
import Foundation
import GRDB
import JSONValues
import OrderedCollections

/// Converts records to statement arguments and rows back to records, reporting damaged rows as errors.
enum JournalRows {
    /// The arguments of `JournalSchema.upsertItem` for `item`.
    static func arguments(of item: ItemRecord) -> StatementArguments {
        [
            item.runID.rawValue, item.stepID, item.itemKey, item.itemIndex, item.state.rawValue, item.attempts,
            item.canvasID, item.action.rawValue, item.httpStatus, item.outputs?.serialized(), item.errorMessage,
            item.updatedAt.timeIntervalSince1970, item.beforeValues?.serialized(), item.outcome?.rawValue,
            ItemOutcome.columnText(of: item.changedFields),
        ]
    }

    /// The item in a row selected with `JournalSchema.itemColumns`.
    static func item(from row: Row) throws -> ItemRecord {
        let stateName: String = try row.decode(atIndex: 4)
        guard let state = ItemState(rawValue: stateName) else {
            throw JournalError.damagedRecord(reason: "unknown item state '\(stateName)'")
        }
        let actionName: String = try row.decode(atIndex: 7)
        guard let action = ItemAction(rawValue: actionName) else {
            throw JournalError.damagedRecord(reason: "unknown item action '\(actionName)'")
        }
        let outputsText: String? = try row.decode(atIndex: 9)
        let beforeText: String? = try row.decode(atIndex: 12)
        let outcomeName: String? = try row.decode(atIndex: 13)
        return ItemRecord(
            runID: RunID(rawValue: try row.decode(atIndex: 0)),
            stepID: try row.decode(atIndex: 1),
            itemKey: try row.decode(atIndex: 2),
            itemIndex: try row.decode(atIndex: 3),
            state: state,
            attempts: try row.decode(atIndex: 5),
            canvasID: try row.decode(atIndex: 6),
            action: action,
            httpStatus: try row.decode(atIndex: 8),
            outputs: try outputsText.map { try json(from: $0, field: "outputs") },
            errorMessage: try row.decode(atIndex: 10),
            updatedAt: Date(timeIntervalSince1970: try row.decode(atIndex: 11)),
            beforeValues: try beforeText.map { try json(from: $0, field: "before-values") },
            outcome: try ItemOutcome.journaled(outcomeName),
            changedFields: ItemOutcome.changedFields(fromColumn: try row.decode(atIndex: 14))
        )
    }

    /// The arguments of an insert into `runs` with `JournalSchema.runColumns`.
    static func arguments(of run: RunRecord) -> StatementArguments {
        [
            run.id.rawValue, run.jobPath, run.jobHash, JSONValue.object(run.variables).serialized(),
            run.environmentName, run.environmentHost, run.isProduction, run.startedAt.timeIntervalSince1970,
            run.finishedAt?.timeIntervalSince1970, run.status.rawValue,
        ]
    }

    /// The run in a row selected with `JournalSchema.runColumns`.
    static func run(from row: Row) throws -> RunRecord {
        let statusName: String = try row.decode(atIndex: 9)
        guard let status = RunStatus(rawValue: statusName) else {
            throw JournalError.damagedRecord(reason: "unknown run status '\(statusName)'")
        }
        guard case .object(let variables) = try json(from: try row.decode(atIndex: 3), field: "variables") else {
            throw JournalError.damagedRecord(reason: "the run's variables are not a JSON object")
        }
        let finishedAt: Double? = try row.decode(atIndex: 8)
        return RunRecord(
            id: RunID(rawValue: try row.decode(atIndex: 0)),
            jobPath: try row.decode(atIndex: 1),
            jobHash: try row.decode(atIndex: 2),
            variables: variables,
            environmentName: try row.decode(atIndex: 4),
            environmentHost: try row.decode(atIndex: 5),
            isProduction: try row.decode(atIndex: 6),
            startedAt: Date(timeIntervalSince1970: try row.decode(atIndex: 7)),
            finishedAt: finishedAt.map { Date(timeIntervalSince1970: $0) },
            status: status
        )
    }

    private static func json(from text: String, field: String) throws -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw JournalError.damagedRecord(reason: "the \(field) are not valid JSON: \(error)")
        }
    }
}

extension JournalRows {
    /// Upserts `items` in one transaction, with one prepared statement.
    static func upsert(_ items: [ItemRecord], in pool: DatabasePool) async throws {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: JournalSchema.upsertItem)
            for item in items {
                // The arguments always match the statement's placeholders, so GRDB need not check them.
                statement.setUncheckedArguments(arguments(of: item))
                try statement.execute()
            }
        }
    }

    /// Of `runs`, those the journal has.
    static func existingRuns(_ runs: Set<RunID>, in pool: DatabasePool) async throws -> Set<RunID> {
        try await pool.read { db in
            try runs.filter { run in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE id = ?)", arguments: [run.rawValue])
                    ?? false
            }
        }
    }
}
