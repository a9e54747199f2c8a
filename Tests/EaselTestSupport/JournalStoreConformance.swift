public import Execution
public import Foundation
import JSONValues
import OrderedCollections
public import Testing

/// Makes a fresh, empty journal store for one conformance check.
public typealias JournalStoreFactory = @Sendable () async throws -> any JournalStore

/// The behaviour every `JournalStore` must have, one check per case; each test target runs every case against its
/// own store, so both stores are held to the same contract.
///
/// ```swift
/// @Test(arguments: JournalStoreConformance.allCases)
/// func conforms(_ check: JournalStoreConformance) async throws { try await check.run { InMemoryJournalStore() } }
/// ```
public enum JournalStoreConformance: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case beginsAndReadsRuns
    case refusesDuplicateRuns
    case listsRunsNewestFirst
    case finishesAndReopensRuns
    case refusesUnknownRuns
    case upsertsItemsByRunStepAndKey
    case keepsLastOfRepeatedKeysInOneBatch
    case keepsFirstRecordedOrder
    case filtersItemsByStepAndState
    case looksUpOneItem
    case countsItemsPerStepAndState
    case roundTripsOutputsAndFields
    case readsItemsWithoutTheirPayloads
    case listsConfirmedItemsWithTheirActions
    case refusesItemsOfUnknownRuns
    case seesDurableAndBatchedRecords
    case acceptsConcurrentRecorders
    case locksARunForOneHolder
    case roundTripsOutcomesAndChangedFields
    case countsItemsPerOutcome

    /// The check's name in test output.
    public var testDescription: String { rawValue }

    /// Runs the check against a store from `makeStore`, recording failed expectations in the current test.
    public func run(_ makeStore: JournalStoreFactory) async throws {
        let store = try await makeStore()
        switch self {
        case .beginsAndReadsRuns: try await Self.beginsAndReadsRuns(store)
        case .refusesDuplicateRuns: try await Self.refusesDuplicateRuns(store)
        case .listsRunsNewestFirst: try await Self.listsRunsNewestFirst(store)
        case .finishesAndReopensRuns: try await Self.finishesAndReopensRuns(store)
        case .refusesUnknownRuns: try await Self.refusesUnknownRuns(store)
        case .upsertsItemsByRunStepAndKey: try await Self.upsertsItemsByRunStepAndKey(store)
        case .keepsLastOfRepeatedKeysInOneBatch: try await Self.keepsLastOfRepeatedKeysInOneBatch(store)
        case .keepsFirstRecordedOrder: try await Self.keepsFirstRecordedOrder(store)
        case .filtersItemsByStepAndState: try await Self.filtersItemsByStepAndState(store)
        case .looksUpOneItem: try await Self.looksUpOneItem(store)
        case .countsItemsPerStepAndState: try await Self.countsItemsPerStepAndState(store)
        case .roundTripsOutputsAndFields: try await Self.roundTripsOutputsAndFields(store)
        case .readsItemsWithoutTheirPayloads: try await Self.readsItemsWithoutTheirPayloads(store)
        case .listsConfirmedItemsWithTheirActions: try await Self.listsConfirmedItemsWithTheirActions(store)
        case .refusesItemsOfUnknownRuns: try await Self.refusesItemsOfUnknownRuns(store)
        case .seesDurableAndBatchedRecords: try await Self.seesDurableAndBatchedRecords(store)
        case .acceptsConcurrentRecorders: try await Self.acceptsConcurrentRecorders(store)
        case .locksARunForOneHolder: try await Self.locksARunForOneHolder(store)
        case .roundTripsOutcomesAndChangedFields: try await Self.roundTripsOutcomesAndChangedFields(store)
        case .countsItemsPerOutcome: try await Self.countsItemsPerOutcome(store)
        }
    }

    // MARK: Sample values

    /// A start date with a fraction of a second, so that stores must keep dates exactly.
    public static let sampleStart = Date(timeIntervalSince1970: 1_795_617_781.375)

    /// A run record with every field set, started `offset` seconds after `sampleStart`.
    public static func sampleRun(_ id: String = "20261125-142301-7f3a", offset: TimeInterval = 0) -> RunRecord {
        RunRecord(
            id: RunID(rawValue: id), jobPath: "jobs/fall-2026.yaml",
            jobHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            variables: ["term": "2026-FA", "dry": false, "sections": [1, 2, 3]],
            environmentName: "sandbox", environmentHost: "localhost", isProduction: false,
            startedAt: sampleStart.addingTimeInterval(offset))
    }

    /// An item record of `run` in `state`, with the other fields plain.
    public static func sampleItem(
        _ run: RunID, step: String = "shells", key: String, index: Int = 0, state: ItemState = .intent,
        action: ItemAction = .create, updatedAt: Date = sampleStart
    ) -> ItemRecord {
        ItemRecord(
            runID: run, stepID: step, itemKey: key, itemIndex: index, state: state, action: action,
            updatedAt: updatedAt)
    }

    // MARK: Runs

    private static func beginsAndReadsRuns(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        #expect(try await store.run(run.id) == run)
        #expect(try await store.run(RunID(rawValue: "20261125-142301-0000")) == nil)
        #expect(try await store.runs(limit: 10) == [run])
        #expect(try await store.latestRun() == run)
        #expect(try await store.items(run: run.id).isEmpty)
    }

    private static func refusesDuplicateRuns(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        var second = run
        second.jobPath = "jobs/other.yaml"
        await #expect(throws: JournalError.runAlreadyExists(run.id)) { try await store.beginRun(second) }
        #expect(try await store.run(run.id)?.jobPath == "jobs/fall-2026.yaml")
    }

    private static func listsRunsNewestFirst(_ store: any JournalStore) async throws {
        // Begun out of order. Two start in one second, the later with the smaller suffix: the list follows the
        // start times, and the ids only between runs that started at the same instant.
        let starts: [(id: String, offset: TimeInterval)] = [
            ("20261125-142301-8000", 0), ("20261126-080000-0001", 63_000), ("20251231-235959-ffff", -30_000_000),
            ("20261125-142301-7f3a", 0.4), ("20261125-142301-0001", 0.4),
        ]
        for start in starts { try await store.beginRun(sampleRun(start.id, offset: start.offset)) }
        let listed = try await store.runs(limit: 10).map(\.id.rawValue)
        #expect(
            listed == [
                "20261126-080000-0001", "20261125-142301-7f3a", "20261125-142301-0001", "20261125-142301-8000",
                "20251231-235959-ffff",
            ])
        #expect(try await store.runs(limit: 2).map(\.id.rawValue) == Array(listed.prefix(2)))
        #expect(try await store.runs(limit: 0).isEmpty)
        #expect(try await store.latestRun()?.id.rawValue == "20261126-080000-0001")
    }

    private static func finishesAndReopensRuns(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let end = sampleStart.addingTimeInterval(92.5)
        try await store.finishRun(run.id, status: .interrupted, at: end)
        let finished = try #require(try await store.run(run.id))
        #expect(finished.status == .interrupted)
        #expect(finished.finishedAt == end)
        #expect(finished.duration == 92.5)

        try await store.reopenRun(run.id)
        let reopened = try #require(try await store.run(run.id))
        #expect(reopened.status == .running)
        #expect(reopened.finishedAt == nil)
        #expect(reopened.startedAt == run.startedAt)

        try await store.finishRun(run.id, status: .succeeded, at: end.addingTimeInterval(10))
        #expect(try await store.run(run.id)?.status == .succeeded)
    }

    private static func refusesUnknownRuns(_ store: any JournalStore) async throws {
        let unknown = RunID(rawValue: "20261125-142301-dead")
        await #expect(throws: JournalError.unknownRun(unknown)) {
            try await store.finishRun(unknown, status: .failed, at: sampleStart)
        }
        await #expect(throws: JournalError.unknownRun(unknown)) { try await store.reopenRun(unknown) }
        await #expect(throws: JournalError.unknownRun(unknown)) { try await store.summary(of: unknown) }
        #expect(try await store.runs(limit: 5).isEmpty)
    }

    // MARK: Items

    private static func upsertsItemsByRunStepAndKey(_ store: any JournalStore) async throws {
        let run = sampleRun()
        let other = sampleRun("20261125-150000-0abc", offset: 60)
        try await store.beginRun(run)
        try await store.beginRun(other)
        try await store.record(sampleItem(run.id, key: "A-1"), durable: true)
        try await store.record(sampleItem(run.id, step: "enroll", key: "A-1"), durable: true)
        try await store.record(sampleItem(other.id, key: "A-1"), durable: true)

        var confirmed = sampleItem(run.id, key: "A-1", index: 4, state: .confirmed, action: .update)
        confirmed.attempts = 2
        confirmed.canvasID = "1234"
        confirmed.httpStatus = 200
        confirmed.outputs = ["id": 1234]
        confirmed.updatedAt = sampleStart.addingTimeInterval(3)
        try await store.record([confirmed], durable: false)

        let items = try await store.items(run: run.id)
        #expect(items.count == 2)
        #expect(try await store.item(run: run.id, step: "shells", key: "A-1") == confirmed)
        #expect(try await store.item(run: run.id, step: "enroll", key: "A-1")?.state == .intent)
        #expect(try await store.item(run: other.id, step: "shells", key: "A-1")?.state == .intent)

        // An upsert replaces every field, clearing what the new record leaves empty.
        var retried = confirmed
        retried.state = .failed
        retried.canvasID = nil
        retried.httpStatus = nil
        retried.outputs = nil
        retried.errorMessage = "Canvas answered 500"
        try await store.record([retried], durable: true)
        #expect(try await store.item(run: run.id, step: "shells", key: "A-1") == retried)
        #expect(try await store.items(run: run.id).count == 2)
    }

    private static func keepsLastOfRepeatedKeysInOneBatch(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let batch = [
            sampleItem(run.id, key: "k", state: .intent), sampleItem(run.id, key: "k", state: .sent),
            sampleItem(run.id, key: "k", state: .confirmed),
        ]
        try await store.record(batch, durable: true)
        #expect(try await store.items(run: run.id) == [batch[2]])
    }

    private static func keepsFirstRecordedOrder(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let keys = ["zeta", "alpha", "mu", "beta"]
        for (index, key) in keys.enumerated() {
            try await store.record(sampleItem(run.id, key: key, index: index))
        }
        // Updating an item does not move it.
        try await store.record(sampleItem(run.id, key: "zeta", index: 0, state: .confirmed))
        #expect(try await store.items(run: run.id).map(\.itemKey) == keys)
    }

    private static func filtersItemsByStepAndState(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let states: [ItemState] = [.intent, .sent, .confirmed, .failed, .inDoubt, .skipped]
        var all: [ItemRecord] = []
        for step in ["shells", "enroll"] {
            for (index, state) in states.enumerated() {
                all.append(sampleItem(run.id, step: step, key: "\(step)-\(index)", index: index, state: state))
            }
        }
        try await store.record(all, durable: false)

        let unsettled = try await store.items(run: run.id, states: [.failed, .inDoubt, .sent])
        #expect(unsettled.map(\.itemKey) == ["shells-1", "shells-3", "shells-4", "enroll-1", "enroll-3", "enroll-4"])
        let enroll = try await store.items(run: run.id, step: "enroll")
        #expect(enroll == Array(all.suffix(6)))
        let enrollFailed = try await store.items(run: run.id, step: "enroll", states: [.failed])
        #expect(enrollFailed.map(\.itemKey) == ["enroll-3"])
        #expect(try await store.items(run: run.id, states: []).isEmpty)
        #expect(try await store.items(run: run.id, step: "missing").isEmpty)
        #expect(try await store.items(run: RunID(rawValue: "20200101-000000-0000")).isEmpty)
    }

    private static func looksUpOneItem(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let item = sampleItem(run.id, key: "sis_course_id:A-1", index: 7)
        try await store.record(item)
        #expect(try await store.item(run: run.id, step: "shells", key: "sis_course_id:A-1") == item)
        #expect(try await store.item(run: run.id, step: "shells", key: "sis_course_id:a-1") == nil)
        #expect(try await store.item(run: run.id, step: "enroll", key: "sis_course_id:A-1") == nil)
    }

    private static func countsItemsPerStepAndState(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        #expect(try await store.summary(of: run.id) == RunSummary(runID: run.id, steps: []))
        var items: [ItemRecord] = []
        for index in 0..<10 {
            let state: ItemState = index < 6 ? .confirmed : index < 9 ? .failed : .inDoubt
            items.append(sampleItem(run.id, step: "publish", key: "p\(index)", index: index, state: state))
        }
        for index in 0..<4 {
            items.append(sampleItem(run.id, step: "announce", key: "a\(index)", index: index, state: .skipped))
        }
        items.append(sampleItem(run.id, step: "publish", key: "p10", index: 10, state: .intent))
        try await store.record(items)

        let summary = try await store.summary(of: run.id)
        #expect(summary.steps.map(\.stepID) == ["publish", "announce"])
        #expect(summary.step("publish")?.counts == [.confirmed: 6, .failed: 3, .inDoubt: 1, .intent: 1])
        #expect(summary.step("announce")?.counts == [.skipped: 4])
        #expect(summary.total == 15)
        #expect(summary[ItemState.failed] == 3)
        #expect(summary[ItemState.sent] == 0)

        // Moving an item to another state moves its count.
        try await store.record(sampleItem(run.id, step: "publish", key: "p9", index: 9, state: .confirmed))
        #expect(try await store.summary(of: run.id).step("publish")?.counts == [.confirmed: 7, .failed: 3, .intent: 1])
    }

    private static func roundTripsOutcomesAndChangedFields(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        var updated = sampleItem(run.id, key: "sis_course_id:A-1", index: 0, state: .confirmed, action: .update)
        updated.outcome = .updated
        updated.changedFields = ["name", "start_at"]
        var concluded = sampleItem(run.id, key: "sis_course_id:A-2", index: 1, state: .confirmed, action: .delete)
        concluded.outcome = .concluded
        let unsent = sampleItem(run.id, key: "sis_course_id:A-3", index: 2, state: .intent)
        try await store.record([updated, concluded, unsent], durable: true)
        let stored = try await store.items(run: run.id)
        #expect(stored == [updated, concluded, unsent])
        #expect(stored.map(\.outcome) == [.updated, .concluded, nil])
        #expect(stored.first?.changedFields == ["name", "start_at"])
        #expect(stored.last?.changedFields == [])

        // A later record of the same item replaces its outcome and fields.
        var failed = updated
        failed.state = .failed
        failed.outcome = .failed
        failed.changedFields = []
        try await store.record(failed, durable: true)
        let replaced = try await store.item(run: run.id, step: "shells", key: "sis_course_id:A-1")
        #expect(replaced?.outcome == .failed)
        #expect(replaced?.changedFields == [])
    }

    private static func countsItemsPerOutcome(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let outcomes: [ItemOutcome?] = [.created, .created, .updated, .unchanged, .unchanged, .unchanged, .failed, nil]
        let items = outcomes.enumerated().map { index, outcome in
            var item = sampleItem(
                run.id, step: "shells", key: "k\(index)", index: index, state: outcome == nil ? .sent : .confirmed)
            item.outcome = outcome
            return item
        }
        var concluded = sampleItem(run.id, step: "enroll", key: "e0", state: .confirmed, action: .delete)
        concluded.outcome = .concluded
        try await store.record(items + [concluded])

        let summary = try await store.summary(of: run.id)
        #expect(summary.step("shells")?.outcomes == [.created: 2, .updated: 1, .unchanged: 3, .failed: 1])
        #expect(summary.step("shells")?.counts == [.confirmed: 7, .sent: 1])
        #expect(summary.step("enroll")?.outcomes == [.concluded: 1])
        #expect(summary.count(of: .unchanged) == 3)
        #expect(summary.count(of: .concluded) == 1)
        #expect(summary.count(of: .deleted) == 0)
    }

    private static func roundTripsOutputsAndFields(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let outputs: JSONValue = [
            "id": 98_765_432_109,
            "name": "Biology 101 — \"Intro\" ✓\n",
            "published": true,
            "points": 12.75,
            "negative": -3,
            "nothing": nil,
            "sections": [["id": 1, "sis": "S-1"], ["id": 2, "sis": nil], []],
            "nested": ["z": ["y": ["x": "deep"]], "a": [:]],
            // Canvas data that happens to use the key a saved plan marks unknowns with stays data.
            "later": ["$easel.unknown": "the id of the course created by step shells"],
        ]
        let item = ItemRecord(
            runID: run.id, stepID: "shells", itemKey: "sis_course_id:BIO-101 (2026)", itemIndex: 41,
            state: .confirmed, attempts: 3, canvasID: "98765432109", action: .create, httpStatus: 201,
            outputs: outputs, errorMessage: "first attempt: Canvas answered 503 Service Unavailable",
            updatedAt: sampleStart.addingTimeInterval(0.125),
            beforeValues: [
                "kind": "course", "member": "/api/v1/courses/98765432109",
                "fields": ["name": "Biology — old", "end_at": nil], "answered": ["name": "Biology 101"],
            ])
        let empty = ItemRecord(
            runID: run.id, stepID: "raw", itemKey: "", itemIndex: 0, state: .skipped, action: .none,
            outputs: .array([]), updatedAt: sampleStart)
        try await store.record([item, empty], durable: true)

        let stored = try #require(
            try await store.item(run: run.id, step: "shells", key: "sis_course_id:BIO-101 (2026)"))
        #expect(stored == item)
        // Key order inside objects is part of the value: later steps and plans show fields in Canvas's order.
        #expect(stored.outputs?.serialized() == outputs.serialized())
        #expect(stored.beforeValues?.serialized() == item.beforeValues?.serialized())
        #expect(try await store.item(run: run.id, step: "raw", key: "") == empty)
        for action in ItemAction.allCases {
            try await store.record(sampleItem(run.id, step: "actions", key: action.rawValue, action: action))
        }
        #expect(try await store.items(run: run.id, step: "actions").map(\.action) == ItemAction.allCases)
    }

    private static func readsItemsWithoutTheirPayloads(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        var first = sampleItem(run.id, step: "shells", key: "BIO-101", state: .confirmed, action: .create)
        first.outputs = ["id": 7, "name": "Biology"]
        first.beforeValues = ["kind": "course", "fields": ["name": "Old"]]
        first.outcome = .created
        first.changedFields = ["name"]
        var second = sampleItem(run.id, step: "shells", key: "CHEM-101", index: 1, state: .failed, action: .update)
        second.outputs = ["id": 8]
        second.errorMessage = "Canvas answered 422"
        try await store.record([first, second], durable: true)

        let bare = try await store.items(run: run.id, step: "shells", states: nil, payloads: false)
        var expected = [first, second]
        for index in expected.indices {
            expected[index].outputs = nil
            expected[index].beforeValues = nil
        }
        #expect(bare == expected, "everything but the outputs and before-values, in order")
        let whole = try await store.items(run: run.id, step: "shells", states: [.confirmed], payloads: true)
        #expect(whole == [first])
    }

    private static func listsConfirmedItemsWithTheirActions(_ store: any JournalStore) async throws {
        let run = sampleRun()
        let other = sampleRun("20261125-142301-8000")
        try await store.beginRun(run)
        try await store.beginRun(other)
        try await store.record(
            [
                sampleItem(run.id, step: "shells", key: "BIO-101", state: .confirmed, action: .create),
                sampleItem(run.id, step: "shells", key: "CHEM-101", index: 1, state: .failed, action: .update),
                sampleItem(run.id, step: "rename", key: "BIO-101", state: .confirmed, action: .update),
                sampleItem(run.id, step: "shells", key: "PHYS-101", index: 2, state: .sent, action: .create),
                sampleItem(run.id, step: "shells", key: "MATH-101", index: 3, state: .confirmed, action: .none),
                sampleItem(other.id, step: "shells", key: "ART-101", state: .confirmed, action: .create),
            ], durable: true)
        // An item confirmed after an earlier state is listed once, where it was first recorded.
        try await store.record(
            sampleItem(run.id, step: "shells", key: "PHYS-101", index: 2, state: .confirmed, action: .create),
            durable: true)
        #expect(
            try await store.confirmedItems(run: run.id) == [
                ConfirmedItem(stepID: "shells", itemKey: "BIO-101", action: .create),
                ConfirmedItem(stepID: "rename", itemKey: "BIO-101", action: .update),
                ConfirmedItem(stepID: "shells", itemKey: "PHYS-101", action: .create),
                ConfirmedItem(stepID: "shells", itemKey: "MATH-101", action: .none),
            ])
    }

    private static func refusesItemsOfUnknownRuns(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let unknown = RunID(rawValue: "20261125-142301-beef")
        let batch = [sampleItem(run.id, key: "ok"), sampleItem(unknown, key: "orphan")]
        await #expect(throws: JournalError.unknownRun(unknown)) { try await store.record(batch, durable: true) }
        #expect(try await store.items(run: run.id).isEmpty)
        #expect(try await store.items(run: unknown).isEmpty)
    }

    private static func seesDurableAndBatchedRecords(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        for index in 0..<250 {
            try await store.record(sampleItem(run.id, key: "k\(index)", index: index), durable: index % 50 == 0)
        }
        // Reads see every record made before them, committed or still queued.
        #expect(try await store.items(run: run.id).count == 250)
        try await store.flush()
        try await store.finishRun(run.id, status: .succeeded, at: sampleStart.addingTimeInterval(5))
        #expect(try await store.summary(of: run.id).step("shells")?[.intent] == 250)
    }

    private static func acceptsConcurrentRecorders(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in 0..<40 {
                        let key = "w\(worker)-\(index)"
                        try await store.record(sampleItem(run.id, key: key, index: index), durable: true)
                        try await store.record(sampleItem(run.id, key: key, index: index, state: .sent))
                        try await store.record(
                            sampleItem(run.id, key: key, index: index, state: .confirmed),
                            durable: index.isMultiple(of: 3))
                    }
                }
            }
            try await group.waitForAll()
        }
        let summary = try await store.summary(of: run.id)
        #expect(summary.total == 640)
        #expect(summary[.confirmed] == 640)
    }

    private static func locksARunForOneHolder(_ store: any JournalStore) async throws {
        let run = sampleRun()
        try await store.beginRun(run)
        let now = Date()
        let first = RunLockHolder.thisProcess()
        try await store.lockRun(run.id, holder: first, at: now)
        // The holder renews its own lock.
        try await store.lockRun(run.id, holder: first, at: now.addingTimeInterval(1))
        // A second holder is refused while the first lives, and told who has it.
        let second = RunLockHolder.thisProcess()
        await #expect(throws: JournalError.runLocked(run.id, host: first.host, pid: first.pid)) {
            try await store.lockRun(run.id, holder: second, at: now.addingTimeInterval(2))
        }
        // Released, it is free.
        try await store.unlockRun(run.id, holder: second)
        await #expect(throws: JournalError.self) {
            try await store.lockRun(run.id, holder: second, at: now.addingTimeInterval(3))
        }
        try await store.unlockRun(run.id, holder: first)
        try await store.lockRun(run.id, holder: second, at: now.addingTimeInterval(4))

        // A holder on another machine keeps it while it renews within the lease, and loses it after.
        let remote = RunLockHolder(host: first.host + ".elsewhere", pid: 1, token: "remote")
        try await store.unlockRun(run.id, holder: second)
        try await store.lockRun(run.id, holder: remote, at: now)
        await #expect(throws: JournalError.self) {
            try await store.lockRun(run.id, holder: first, at: now.addingTimeInterval(RunLockHolder.lease - 1))
        }
        try await store.lockRun(run.id, holder: first, at: now.addingTimeInterval(RunLockHolder.lease + 1))

        // A holder on this machine whose process is gone holds nothing.
        let gone = RunLockHolder(host: first.host, pid: Int32.max - 1, token: "gone")
        try await store.unlockRun(run.id, holder: first)
        try await store.lockRun(run.id, holder: gone, at: now)
        try await store.lockRun(run.id, holder: second, at: now)

        await #expect(throws: JournalError.unknownRun(RunID(rawValue: "20000101-000000-0000"))) {
            try await store.lockRun(RunID(rawValue: "20000101-000000-0000"), holder: first, at: now)
        }
    }
}
